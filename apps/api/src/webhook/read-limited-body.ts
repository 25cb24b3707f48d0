/** Webhook bodies above this are refused (413): the trigger is stored with the run in D1. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * Reads at most `limit` bytes. Content-Length is only a hint (it may be absent or wrong), so the
 * stream is counted as it is read and abandoned as soon as it passes the limit.
 */
export async function readLimitedBody(request: Request, limit: number): Promise<Uint8Array | "too-large"> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return "too-large";
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return "too-large";
    }
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
