/**
 * Lets one read ride along in the request's next D1 batch instead of costing a round trip of its
 * own: the statement runs first in that batch and its result is handed to `settle`; the page's own
 * statements and results are untouched. Used when the session came from the isolate's cache
 * (auth/session-cache.ts): one statement checks that the session is still live and reads the
 * header's unread count (auth/session-check.ts).
 */
export type RideAlong = {
  attach(query: { sql: string; params: unknown[] }, settle: (result: D1Result) => void): void;
  /** Runs the statement on its own if no batch has carried it yet (a page that makes no batch). */
  flush(): Promise<void>;
};

export function withRideAlong<Client extends D1Database | D1DatabaseSession>(
  d1: Client,
): { db: Client; rideAlong: RideAlong } {
  let rider: { statement: D1PreparedStatement; settle: (result: D1Result) => void } | null = null;
  const db = new Proxy(d1, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property === 'batch')
        return async (statements: D1PreparedStatement[]) => {
          const riding = rider;
          rider = null;
          if (!riding) return target.batch(statements);
          const [carried, ...results] = await target.batch([riding.statement, ...statements]);
          if (carried) riding.settle(carried);
          return results;
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    db,
    rideAlong: {
      attach(query, settle) {
        rider = { statement: d1.prepare(query.sql).bind(...query.params), settle };
      },
      async flush() {
        const riding = rider;
        rider = null;
        if (riding) riding.settle(await riding.statement.all());
      },
    },
  };
}
