import { parseJsonKeepingNumbers } from "@workflow-secrets/templating";

/** How much of a response body a step reads; the stored response keeps 64 KiB of it. */
export const MAX_READ_BYTES = 256 * 1024;

export type ReadResponse = {
  status: number;
  headers: Record<string, string>;
  /** The body as text, cut at MAX_READ_BYTES. */
  text: string;
  truncated: boolean;
};

/** Reads at most MAX_READ_BYTES and drops the rest, so a huge response cannot exhaust memory. */
export async function readResponse(response: Response, limit = MAX_READ_BYTES): Promise<ReadResponse> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = limit - size;
      if (value.byteLength > room) {
        chunks.push(value.subarray(0, room));
        size += room;
        truncated = true;
        await reader.cancel();
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  // A cut can split a UTF-8 sequence: the decoder replaces it instead of throwing.
  return { status: response.status, headers, text: new TextDecoder().decode(bytes), truncated };
}

/**
 * JSON bodies become data later steps can index into; anything else stays text. A number
 * JavaScript cannot hold exactly stays its source text, so the masker still sees all its digits.
 */
export function parseBody(read: ReadResponse): unknown {
  const type = read.headers["content-type"] ?? "";
  if (!read.truncated && /\bjson\b/i.test(type) && read.text.trim() !== "") {
    try {
      return parseJsonKeepingNumbers(read.text);
    } catch {
      return read.text;
    }
  }
  return read.text;
}
