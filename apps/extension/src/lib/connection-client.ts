import { browser } from "wxt/browser";
import { sendMessage } from "./messaging";
import type { Connection, Session } from "./storage/connection";

/**
 * The pages' view of the stored connection. Reads and writes go through the background, which
 * validates with zod; pages only listen for the change and ask again.
 */
export const readConnection = (): Promise<Connection> => sendMessage("getConnection", undefined);
export const saveSession = (serverUrl: string, session: Session): Promise<Connection> =>
  sendMessage("saveSession", { serverUrl, session });
export const clearSession = (): Promise<Connection> => sendMessage("clearSession", undefined);

export function watchConnection(onChange: (connection: Connection) => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === "local" && "connection" in changes) void readConnection().then(onChange);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

export type { Connection, Session };
