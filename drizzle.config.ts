// drizzle-kit reads this to generate SQL migrations (`npm run db:generate`). No database needed:
// the migrations in ./drizzle are applied at start-up by lib/db/migrate.ts on either driver.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
});
