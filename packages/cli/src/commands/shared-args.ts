/** Flags every signed-in command takes. */
export const urlArg = {
  url: { type: "string", description: "API origin (default: WFS_URL, then the one `wfs login` saved)" },
} as const;

export const jsonArg = {
  json: { type: "boolean", description: "print JSON for scripts instead of a table" },
} as const;
