/**
 * When a new customer may already exist: the same phone, the same email, or the same name in the
 * same city. Pure, so the rule is unit-tested; the query in `duplicate-query.ts` only narrows the
 * candidates this function then decides on.
 */

export type DuplicateReason = 'phone' | 'email' | 'name';

export type CustomerIdentity = {
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  cityId?: string | null | undefined;
};

/** Digits only, without a leading China country code (+86 / 0086), so "+86 139-1234 5678" = "13912345678". */
export function phoneDigits(phone: string | null | undefined): string {
  const digits = (phone ?? '').replace(/\D/g, '');
  const national = digits.replace(/^(0086|86)(?=\d{11}$)/, '');
  return national;
}

/** The last digits the query narrows by: enough to be selective, robust to prefixes. */
export function phoneTail(phone: string | null | undefined): string | null {
  const digits = phoneDigits(phone);
  return digits.length >= 6 ? digits.slice(-8) : null;
}

/** Case- and whitespace-insensitive ("ACME  Foods" = "acme foods" = "AcmeFoods"). */
export function nameKey(name: string | null | undefined): string {
  return (name ?? '').toLowerCase().replace(/[\s\u3000]+/g, '');
}

export function emailKey(email: string | null | undefined): string {
  return (email ?? '').trim().toLowerCase();
}

/** Why `existing` looks like the customer being entered; empty when it does not. */
export function duplicateReasons(
  entered: CustomerIdentity,
  existing: CustomerIdentity,
): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  const phone = phoneDigits(entered.phone);
  if (phone.length >= 6 && phone === phoneDigits(existing.phone)) reasons.push('phone');
  const email = emailKey(entered.email);
  if (email && email === emailKey(existing.email)) reasons.push('email');
  const name = nameKey(entered.name);
  if (
    name &&
    entered.cityId &&
    entered.cityId === existing.cityId &&
    name === nameKey(existing.name)
  )
    reasons.push('name');
  return reasons;
}

/** The candidates that really are possible duplicates, each with its reasons; `exceptId` skips the record itself (an edit). */
export function possibleDuplicates<T extends CustomerIdentity & { id: string }>(
  entered: CustomerIdentity,
  candidates: T[],
  exceptId?: string,
): (T & { reasons: DuplicateReason[] })[] {
  return candidates
    .filter((candidate) => candidate.id !== exceptId)
    .map((candidate) => ({ ...candidate, reasons: duplicateReasons(entered, candidate) }))
    .filter((candidate) => candidate.reasons.length > 0);
}
