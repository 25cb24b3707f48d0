/** The row kinds and their id prefixes: the prefix says what an id points at in logs and URLs. */
export const idPrefixes = {
  user: "usr",
  token: "tok",
  secret: "sec",
  workflow: "wf",
  run: "run",
  audit: "aud",
  oauthConnect: "oac",
} as const;
export type IdKind = keyof typeof idPrefixes;

function randomBase64Url(byteLength: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteLength));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The id of a new row of any table, in the API and the runner alike: the kind's prefix plus 96
 * random bits (`run_…`, `aud_…`).
 *
 * @example newId("run") // "run_Xq3v0bJ1mK9aTz2L"
 */
export function newId(kind: IdKind): string {
  return `${idPrefixes[kind]}_${randomBase64Url(12)}`;
}

/** The public part of a webhook URL: 256 random bits, so knowing one id says nothing about another. */
export function newWebhookId(): string {
  return `wh_${randomBase64Url(32)}`;
}
