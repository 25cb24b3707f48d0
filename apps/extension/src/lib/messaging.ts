import { browser } from "wxt/browser";
import type { Connection, Session } from "./storage/connection";
import type { PendingCapture } from "./storage/pending-capture";

/**
 * Every message between extension contexts, in one typed map (the read-frog pattern).
 * Keys are message types; each function type gives the payload and the reply.
 */
export interface ProtocolMap {
  getConnection(data: undefined): Connection;
  saveSession(data: { serverUrl: string; session: Session }): Connection;
  /** Local only: revoking the token on the server is the caller's job (it holds the API client). */
  clearSession(data: undefined): Connection;
  /** Capture form → background: hand over (and forget) the context-menu selection. */
  takePendingCapture(data: undefined): PendingCapture | null;
}

type MessageType = keyof ProtocolMap;
type Payload<T extends MessageType> = Parameters<ProtocolMap[T]>[0];
type Reply<T extends MessageType> = ReturnType<ProtocolMap[T]>;

interface Envelope<T extends MessageType = MessageType> {
  channel: "workflow-secrets";
  type: T;
  data: Payload<T>;
}
type Outcome<T> = { ok: true; data: T } | { ok: false; error: string };

function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === "object" && message !== null && (message as Envelope).channel === "workflow-secrets"
  );
}

export async function sendMessage<T extends MessageType>(type: T, data: Payload<T>): Promise<Reply<T>> {
  const envelope: Envelope<T> = { channel: "workflow-secrets", type, data };
  const outcome = (await browser.runtime.sendMessage(envelope)) as Outcome<Reply<T>> | undefined;
  if (!outcome) throw new Error(`No reply to "${type}": reload the extension and try again.`);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.data;
}

/** Registers the handler for one message type; returns a function that removes it. */
export function onMessage<T extends MessageType>(
  type: T,
  handler: (data: Payload<T>) => Reply<T> | Promise<Reply<T>>,
): () => void {
  const listener = (message: unknown, _sender: unknown, sendResponse?: (reply: unknown) => void) => {
    if (!isEnvelope(message) || message.type !== type) return undefined;
    const outcome: Promise<Outcome<Reply<T>>> = Promise.resolve()
      .then(() => handler(message.data as Payload<T>))
      .then(
        (data) => ({ ok: true as const, data }),
        (error: unknown) => ({
          ok: false as const,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    // Chrome replies through sendResponse (keep the channel open with `true`); other runtimes
    // (and WXT's fakeBrowser) take the returned promise.
    if (typeof sendResponse === "function") {
      void outcome.then(sendResponse);
      return true;
    }
    return outcome;
  };
  browser.runtime.onMessage.addListener(
    listener as Parameters<typeof browser.runtime.onMessage.addListener>[0],
  );
  return () =>
    browser.runtime.onMessage.removeListener(
      listener as Parameters<typeof browser.runtime.onMessage.removeListener>[0],
    );
}
