/** Webhook bodies above this are refused (413): the trigger is stored with the run in D1. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * How much of a refused body is still read (and dropped) before the stream is cancelled. A body left
 * unread makes the next request fail under `wrangler dev` ("Your worker restarted mid-request"), so a
 * too-large body is drained, up to this bound on the time one request can hold the Worker.
 */
export const MAX_DISCARDED_BYTES = 16 * 1024 * 1024;

/**
 * Reads at most `limit` bytes. Content-Length is only a hint (it may be absent or wrong), so the
 * stream is counted as it is read; past the limit nothing more is kept, the rest is drained and
 * dropped (up to MAX_DISCARDED_BYTES, then cancelled), and the answer is "too-large".
 */
export async function readLimitedBody(request: Request, limit: number): Promise<Uint8Array | "too-large"> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return discardRest(reader, 0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) return discardRest(reader, size);
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number) {
  let read = alreadyRead;
  while (read <= MAX_DISCARDED_BYTES) {
    const { done, value } = await reader.read();
    if (done) return "too-large" as const;
    read += value.byteLength;
  }
  await reader.cancel();
  return "too-large" as const;
}
