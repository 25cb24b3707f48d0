export const DEFAULT_SERVER_URL = "http://127.0.0.1:8787";

/** "127.0.0.1:8787/" → "http://127.0.0.1:8787"; throws with a message the sign-in form can show. */
export function normalizeServerUrl(input: string): string {
  const text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^https?:\/\//i.test(text)) {
    throw new Error("The server address must start with http:// or https://.");
  }
  const withScheme = /^https?:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error("Enter the server address, e.g. http://127.0.0.1:8787.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error("The server address must start with http:// or https://.");
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
