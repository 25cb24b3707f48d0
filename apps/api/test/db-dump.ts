import { env } from "cloudflare:workers";

/** Every row of every table (migrations bookkeeping aside), as JSON text per table. */
export async function dumpAllTables(): Promise<Record<string, unknown[]>> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
  ).all<{ name: string }>();
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    dump[name] = results;
  }
  return dump;
}

export async function queryRows<T = Record<string, unknown>>(
  sql: string,
  ...params: unknown[]
): Promise<T[]> {
  const { results } = await env.DB.prepare(sql)
    .bind(...params)
    .all<T>();
  return results;
}

export async function execute(sql: string, ...params: unknown[]): Promise<void> {
  await env.DB.prepare(sql)
    .bind(...params)
    .run();
}

/**
 * The tables as a tenant-isolation check compares them: everything, except when each token was last
 * used (bookkeeping the failed calls themselves update).
 */
export async function dumpStateForComparison(): Promise<Record<string, unknown[]>> {
  const dump = await dumpAllTables();
  dump.api_tokens = (dump.api_tokens ?? []).map((row) => ({ ...(row as object), last_used_at: "ignored" }));
  return dump;
}
