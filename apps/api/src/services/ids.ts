function randomBase64Url(byteLength: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteLength));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Row ids: a readable kind prefix plus 96 random bits (`sec_…`, `wf_…`, `run_…`). */
export function newId(prefix: "usr" | "tok" | "sec" | "wf" | "run" | "aud"): string {
  return `${prefix}_${randomBase64Url(12)}`;
}

/** The public part of a webhook URL: 256 random bits, so knowing one id says nothing about another. */
export function newWebhookId(): string {
  return `wh_${randomBase64Url(32)}`;
}
