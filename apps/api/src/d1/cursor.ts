import { z } from "zod";
import { apiError } from "../errors";

/** Keyset cursor over (created_at, id), newest first: stable while new rows arrive. */
export interface Cursor {
  createdAt: string;
  id: string;
}

export const pageInput = {
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(20),
};

export function encodeCursor(cursor: Cursor): string {
  return btoa(`${cursor.createdAt}|${cursor.id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined) return undefined;
  try {
    const [createdAt, id, ...rest] = atob(text.replace(/-/g, "+").replace(/_/g, "/")).split("|");
    if (createdAt && id && rest.length === 0 && !Number.isNaN(Date.parse(createdAt)))
      return { createdAt, id };
  } catch {
    // fall through to the error below
  }
  throw apiError("BAD_REQUEST", "cursor: not a cursor from a previous page: start again without it");
}

/** Takes limit + 1 rows: the extra one only tells whether there is a next page. */
export function toPage<T extends Cursor>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
