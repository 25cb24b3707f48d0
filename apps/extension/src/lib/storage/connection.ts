import { storage } from "wxt/utils/storage";
import * as z from "zod/mini";
import { DEFAULT_SERVER_URL, normalizeServerUrl } from "../server-url";

const sessionSchema = z.object({
  token: z.string().check(z.minLength(1)),
  user: z.object({ id: z.string(), email: z.string() }),
});

/**
 * Which server this browser talks to and the session token for it. The token lives in
 * storage.local (it must survive a browser restart); secret values never do. Only the background
 * reads and writes it (pages ask through messaging), which keeps zod out of the popup bundle.
 */
export const connectionSchema = z.object({
  serverUrl: z.string().check(z.url({ protocol: /^https?$/ })),
  session: z.nullable(sessionSchema),
});

export type Connection = z.infer<typeof connectionSchema>;
export type Session = z.infer<typeof sessionSchema>;

export const CONNECTION_STORAGE_KEY = "connection";
const FALLBACK: Connection = { serverUrl: DEFAULT_SERVER_URL, session: null };

export const connectionItem = storage.defineItem<Connection>(`local:${CONNECTION_STORAGE_KEY}`, {
  fallback: FALLBACK,
  // v1 is the first shape; bump and add a migration when the shape changes. An explicit (empty)
  // migrations map makes WXT record the version beside the value from the first write.
  version: 1,
  migrations: {},
});

/** The stored connection, or the signed-out default when what is stored does not validate. */
export async function readConnection(): Promise<Connection> {
  const parsed = connectionSchema.safeParse(await connectionItem.getValue());
  return parsed.success ? parsed.data : FALLBACK;
}

export async function saveSession(serverUrl: string, session: Session): Promise<Connection> {
  const next = connectionSchema.parse({ serverUrl: normalizeServerUrl(serverUrl), session });
  await connectionItem.setValue(next);
  return next;
}

/** Forget the token but remember the server, so signing in again is one step. */
export async function clearSession(): Promise<Connection> {
  const next = { serverUrl: (await readConnection()).serverUrl, session: null };
  await connectionItem.setValue(next);
  return next;
}
