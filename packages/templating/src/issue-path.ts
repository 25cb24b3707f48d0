/**
 * `steps[1].headers.Authorization` from zod's `["steps", 1, "headers", "Authorization"]`: how the API and
 * the CLI name the place a definition is wrong.
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
