import { SECRET_NAME_PATTERN } from "@workflow-secrets/secret-rules";

export interface ScriptSecretAccess {
  /** Secret name, or the written expression when it is not a static name. */
  name: string;
  /** `secrets.NAME` (canonical form, used in references and error messages). */
  template: string;
  /** Offset of the access in the code. */
  position: number;
  /** Why the access cannot be resolved statically, when it cannot. */
  problem?: string;
}

// `secrets.NAME`, `secrets?.NAME`, `secrets["NAME"]`, `secrets['NAME']`, or a dynamic `secrets[expr]`.
const ACCESS =
  /(?<![\w$.])secrets\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)|(?<![\w$.])secrets\s*(?:\?\.)?\[\s*(?:(["'])((?:(?!\2)[^\\\n])*)\2\s*\]|([^\]]*)\])/g;

/**
 * The secrets a script reads. Scripts get secrets as data (`secrets.NAME`), so the engine must know
 * statically which ones to hand over; a dynamic `secrets[expr]` is reported as a problem instead.
 * The scan is deliberately syntactic (comments and strings count too): over-approximating only
 * hands the sandbox a secret it does not read, never hides one it does.
 */
export function scriptSecretReferences(code: string): ScriptSecretAccess[] {
  const found: ScriptSecretAccess[] = [];
  for (const match of code.matchAll(ACCESS)) {
    const name = match[1] ?? match[3];
    const position = match.index;
    if (name === undefined) {
      found.push({
        name: `secrets[${(match[4] ?? "").trim()}]`,
        template: match[0],
        position,
        problem: "dynamic secrets[…] access cannot be resolved; write secrets.NAME",
      });
    } else if (!SECRET_NAME_PATTERN.test(name)) {
      found.push({
        name,
        template: `secrets.${name}`,
        position,
        problem: `invalid secret name "${name}": names start with a letter or _ and use letters, digits and _`,
      });
    } else {
      found.push({ name, template: `secrets.${name}`, position });
    }
  }
  return found;
}
