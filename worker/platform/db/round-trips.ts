/**
 * Counts D1 round trips (each batch, exec or statement execution) made through a binding. Used in
 * development to report the count on every response, and by tests to hold pages to the budget.
 */
export function countRoundTrips<Client extends D1Database | D1DatabaseSession>(
  d1: Client,
): { db: Client; count: () => number } {
  let roundTrips = 0;
  const counted = () => roundTrips++;
  const statement = (prepared: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(prepared, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (property === 'bind') return (...args: unknown[]) => statement(target.bind(...args));
        if (
          property === 'first' ||
          property === 'run' ||
          property === 'all' ||
          property === 'raw'
        ) {
          return (...args: unknown[]) => (
            counted(),
            (value as (...a: unknown[]) => unknown).apply(target, args)
          );
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const db = new Proxy(d1, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property === 'batch' || property === 'exec')
        return (...args: unknown[]) => (
          counted(),
          (value as (...a: unknown[]) => unknown).apply(target, args)
        );
      if (property === 'prepare') return (query: string) => statement(target.prepare(query));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db, count: () => roundTrips };
}

export const ROUND_TRIPS_HEADER = 'X-D1-Round-Trips';
