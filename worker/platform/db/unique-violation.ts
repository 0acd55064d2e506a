/**
 * A unique index refusing a write: two requests that both passed a "taken?" check race, and the
 * database lets only one through. The loser answers like the check would have, not with a 500.
 */
export function isUniqueViolation(error: unknown, column: `${string}.${string}`): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause)
    if (cause.message.includes(`UNIQUE constraint failed: ${column}`)) return true;
  return false;
}
