// npm run db:migrate – applies the migrations of the provider DATABASE_URL selects (`prisma migrate deploy`),
// creating the SQLite file's directory if needed. Reads DATABASE_URL from the environment, then `.env`.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_DATABASE_URL, databaseProvider, describeDatabase, redactCredentials, sqliteFilePath } from "../prisma/database-url";
import { PROJECT_ROOT, runPrisma } from "../prisma/tooling";

const envFile = path.join(PROJECT_ROOT, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile); // does not override variables already set

const url = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
try {
  const provider = databaseProvider(url);
  if (provider === "sqlite") await mkdir(path.dirname(sqliteFilePath(url, PROJECT_ROOT)), { recursive: true });
  console.log(`Applying the ${provider} migrations to ${describeDatabase(url, PROJECT_ROOT)}`);
  const { output } = await runPrisma(provider, ["migrate", "deploy"], url);
  console.log(redactCredentials(output, url));
} catch (error) {
  console.error(redactCredentials((error as Error).message, url));
  process.exitCode = 1;
}
