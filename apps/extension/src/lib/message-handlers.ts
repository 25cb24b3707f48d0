import { onMessage } from "./messaging";
import { clearSession, readConnection, saveSession } from "./storage/connection";
import { takePendingCapture } from "./storage/pending-capture";

/** The background's side of the protocol map: it alone touches validated storage. */
export function registerMessageHandlers(): () => void {
  const off = [
    onMessage("getConnection", () => readConnection()),
    onMessage("saveSession", ({ serverUrl, session }) => saveSession(serverUrl, session)),
    onMessage("clearSession", () => clearSession()),
    // One owner for the pending selection: two open forms cannot both take it.
    onMessage("takePendingCapture", () => takePendingCapture()),
  ];
  return () => {
    for (const stop of off) stop();
  };
}
