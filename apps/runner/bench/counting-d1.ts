/** What D1 reported for the statements a wrapped binding ran (from each result's `meta`). */
export type D1Usage = { statements: number; rowsRead: number; rowsWritten: number; sizeAfter: number };

export const emptyUsage = (): D1Usage => ({ statements: 0, rowsRead: 0, rowsWritten: 0, sizeAfter: 0 });

type Meta = { rows_read?: number; rows_written?: number; size_after?: number };

/**
 * A D1 binding that adds up `meta.rows_read` / `rows_written` of every statement into `usage` (what
 * D1 bills). `raw()` and `first()` return no meta, so they are answered through `all()` (same SQL,
 * same rows; bench only). Batches are passed the real statements.
 */
export function countingD1(d1: D1Database, usage: D1Usage): D1Database {
  const real = new WeakMap<object, D1PreparedStatement>();
  const note = (meta: Meta | undefined) => {
    usage.statements++;
    usage.rowsRead += meta?.rows_read ?? 0;
    usage.rowsWritten += meta?.rows_written ?? 0;
    if (meta?.size_after) usage.sizeAfter = meta.size_after;
  };
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const all = async () => {
      const result = await statement.all();
      note(result.meta as Meta);
      return result;
    };
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      all,
      run: all,
      first: async (column?: string) => {
        const row = (await all()).results[0] as Record<string, unknown> | undefined;
        return row === undefined ? null : column ? row[column] : row;
      },
      raw: async (options?: { columnNames?: boolean }) => {
        const rows = (await all()).results as Record<string, unknown>[];
        const arrays = rows.map((row) => Object.values(row));
        return options?.columnNames ? [Object.keys(rows[0] ?? {}), ...arrays] : arrays;
      },
    } as unknown as D1PreparedStatement;
    real.set(wrapped, statement);
    return wrapped;
  };
  return {
    prepare: (query: string) => wrap(d1.prepare(query)),
    batch: async (statements: D1PreparedStatement[]) => {
      const results = await d1.batch(statements.map((s) => real.get(s) ?? s));
      for (const result of results) note(result.meta as Meta);
      return results;
    },
    exec: (query: string) => d1.exec(query),
    dump: () => d1.dump(),
    withSession: () => {
      throw new Error("not used by the bench");
    },
  } as unknown as D1Database;
}
