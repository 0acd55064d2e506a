import {
  getTableColumns,
  sql,
  type Column,
  type InferSelectModel,
  type SQL,
  type Table,
} from 'drizzle-orm';

/**
 * One column under its own result name. D1 hands batched rows back as objects keyed by column
 * name, so two joined columns both called `name` or `id` collapse into one and every later value
 * shifts into the wrong field. Every column selected across a join goes through here (or
 * `aliasedColumns`) so each result name is unique.
 */
export function aliased<C extends Column>(
  column: C,
  alias: string,
): SQL.Aliased<C['_']['notNull'] extends true ? C['_']['data'] : C['_']['data'] | null> {
  return sql`${column}`.mapWith(column).as(alias) as SQL.Aliased<
    C['_']['notNull'] extends true ? C['_']['data'] : C['_']['data'] | null
  >;
}

/** All of a table's columns, each aliased as `<prefix>_<key>`, for a whole row read across a join. */
export function aliasedColumns<T extends Table>(
  table: T,
  prefix: string,
): { [K in keyof InferSelectModel<T>]: SQL.Aliased<InferSelectModel<T>[K]> } {
  const columns = getTableColumns(table) as Record<string, Column>;
  return Object.fromEntries(
    Object.entries(columns).map(([key, column]) => [key, aliased(column, `${prefix}_${key}`)]),
  ) as {
    [K in keyof InferSelectModel<T>]: SQL.Aliased<InferSelectModel<T>[K]>;
  };
}
