import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DEFAULT_SERVER_URL } from "../server-url";
import { clearSession, connectionItem, readConnection, saveSession } from "./connection";

const session = { token: "wfs_session_token", user: { id: "usr_1", email: "a@example.com" } };

describe("connection storage", () => {
  beforeEach(() => fakeBrowser.reset());

  it("starts signed out against the local default server", async () => {
    expect(await readConnection()).toEqual({ serverUrl: DEFAULT_SERVER_URL, session: null });
  });

  it("stores a normalised server URL and the session in storage.local, versioned", async () => {
    await saveSession("127.0.0.1:9999/", session);
    expect(await readConnection()).toEqual({ serverUrl: "http://127.0.0.1:9999", session });
    const raw = await fakeBrowser.storage.local.get(null);
    expect(raw.connection).toEqual({ serverUrl: "http://127.0.0.1:9999", session });
    expect(await connectionItem.getMeta()).toMatchObject({ v: 1 });
  });

  it("treats a stored value that fails validation as signed out", async () => {
    await fakeBrowser.storage.local.set({ connection: { serverUrl: "javascript:alert(1)", session } });
    expect(await readConnection()).toEqual({ serverUrl: DEFAULT_SERVER_URL, session: null });
    await fakeBrowser.storage.local.set({
      connection: { serverUrl: DEFAULT_SERVER_URL, session: { token: "" } },
    });
    expect((await readConnection()).session).toBeNull();
  });

  it("refuses to store an invalid session", async () => {
    await expect(saveSession(DEFAULT_SERVER_URL, { token: "", user: session.user })).rejects.toThrow();
    await expect(saveSession("ftp://host", session)).rejects.toThrow(/http/);
  });

  it("signing out forgets the token but keeps the server", async () => {
    await saveSession("http://localhost:8788", session);
    await clearSession();
    expect(await readConnection()).toEqual({ serverUrl: "http://localhost:8788", session: null });
  });
});
