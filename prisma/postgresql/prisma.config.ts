// Prisma CLI configuration for PostgreSQL: `prisma <command> --config prisma/postgresql/prisma.config.ts`,
// normally through the db:* scripts. The JS schema engine with a driver adapter needs no engine download.
import { defineConfig } from "prisma/config";
import { createMigrateAdapter } from "../migrate-adapter";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  // Assembled by scripts/db-generate.ts; the migrations are ./migrations, next to it.
  schema: "./schema.prisma",
  adapter: () => createMigrateAdapter("postgresql"),
});
