import type { AnyProcedure } from "@trpc/server";
import { appRouter } from "../src/router/root";
import { API_URL, recordingFetch } from "./api";

/** Every procedure of the router by its dotted path (`secrets.update`), read from the router itself. */
export function routerProcedures(): Map<string, AnyProcedure> {
  // Typed as the nested record, but at run time tRPC keeps every procedure flat under its full path.
  const flat = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
  return new Map(Object.entries(flat));
}

export interface RawAnswer {
  status: number;
  headerNames: string[];
  body: string;
  json: { result?: { data?: unknown }; error?: { message: string; code: number; data: { code: string } } };
}

/**
 * One call through the real HTTP surface, as any HTTP client would make it: GET with `?input=` for a
 * query, POST with a JSON body for a mutation. `input: undefined` sends no input at all.
 */
export async function callRaw(path: string, input: unknown, token?: string): Promise<RawAnswer> {
  const procedure = routerProcedures().get(path);
  if (!procedure) throw new Error(`no procedure "${path}" in appRouter`);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const type = procedure._def.type;
  let response: Response;
  if (type === "query") {
    const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    response = await recordingFetch(`${API_URL}/trpc/${path}${query}`, { headers });
  } else if (type === "mutation") {
    response = await recordingFetch(`${API_URL}/trpc/${path}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: input === undefined ? undefined : JSON.stringify(input),
    });
  } else {
    throw new Error(`${path} is a ${type}: teach callRaw how to call it before classifying it`);
  }
  const body = await response.text();
  return {
    status: response.status,
    headerNames: [...response.headers.keys()].sort(),
    body,
    json: JSON.parse(body),
  };
}

/**
 * The top-level keys a procedure's input object has (unwrapping `.default()`, `.optional()` and
 * pipes), so the test can tell which procedures take an id or a name.
 */
export function inputKeys(procedure: AnyProcedure): string[] {
  const schemas = (procedure._def as { inputs?: unknown[] }).inputs ?? [];
  return schemas.flatMap((schema) => Object.keys(objectShape(schema) ?? {}));
}

type ZodDef = { type?: string; shape?: object; innerType?: unknown; in?: unknown };

function objectShape(schema: unknown): object | undefined {
  const def = (schema as { _zod?: { def?: ZodDef } })._zod?.def;
  if (!def) return undefined;
  if (def.type === "object") return def.shape;
  if (def.type === "pipe") return objectShape(def.in);
  if (def.innerType) return objectShape(def.innerType);
  return undefined;
}

/** A key for an item that does not exist, shaped like the real one (same prefix, same length). */
export function missingLike(key: string): string {
  const tail = Array.from({ length: 6 }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(Math.random() * 26)]);
  return `${key.slice(0, -6)}${tail.join("")}`;
}

/** The structure of a value with every leaf replaced by its type: two answers of the same shape agree. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  }
  return value === null ? "null" : typeof value;
}
