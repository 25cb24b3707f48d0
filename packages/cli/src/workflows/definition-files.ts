import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { CliError } from "../cli-error";
import { ExitCode } from "../exit-codes";

const EXTENSIONS = new Set([".json", ".yaml", ".yml"]);

/** A workflow definition as written in a file (validated later against the shared schema). */
export interface DefinitionFile {
  file: string;
  definition: Record<string, unknown>;
}

/**
 * The definitions in FILE, or in every .json/.yaml/.yml file directly in DIR (sorted by name).
 * A file holds one definition or a list of them.
 */
export function loadDefinitionFiles(path: string): DefinitionFile[] {
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => EXTENSIONS.has(extname(name).toLowerCase()))
          .sort()
          .map((name) => join(path, name))
      : [path];
  } catch {
    throw new CliError(
      `cannot read ${path}`,
      ExitCode.USAGE,
      "pass a workflow file (.json, .yaml) or a folder of them",
    );
  }
  if (files.length === 0) {
    throw new CliError(`no .json, .yaml or .yml files in ${path}`, ExitCode.USAGE);
  }
  return files.flatMap((file) => {
    const parsed = parseFile(file);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.map((definition) => {
      if (!definition || typeof definition !== "object" || Array.isArray(definition)) {
        throw new CliError(
          `${file}: a workflow definition is an object with name, trigger and steps`,
          ExitCode.USAGE,
        );
      }
      return { file, definition: definition as Record<string, unknown> };
    });
  });
}

function parseFile(file: string): unknown {
  const text = readFileSync(file, "utf8");
  try {
    return extname(file).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "unreadable";
    throw new CliError(
      `${file}: not valid ${extname(file).slice(1).toUpperCase()} (${reason})`,
      ExitCode.USAGE,
    );
  }
}

/** JSON with keys sorted at every level: two definitions are the same when these are equal. */
export function canonicalJson(value: unknown, indent = 2): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
