import { defineConfig } from "drizzle-kit";

// Generated SQL in migrations/ is applied by `wrangler d1 migrations apply` (meta/ is drizzle-kit's own).
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/schema.ts",
  out: "./migrations",
});
