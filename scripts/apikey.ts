// npm run apikey -- create <name> | list | revoke <id or prefix>
// API keys for /api/v1, in the database DATABASE_URL names (environment, then `.env`). The key is
// printed once, at creation; only its SHA-256 is stored.
import { existsSync } from "node:fs";
import path from "node:path";
import { createDb } from "@/lib/db";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/payments/api-keys";
import { DEFAULT_DATABASE_URL, redactCredentials } from "@/prisma/database-url";
import { ROOT } from "./processes";

const envFile = path.join(ROOT, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);
const url = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;

const USAGE = `Usage:
  npm run apikey -- create <name>        a new key for /api/v1 (printed once; --quiet: the key alone)
  npm run apikey -- list                 the keys, by prefix
  npm run apikey -- revoke <id|prefix>   a key stops working at once`;

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const db = createDb(url);
  try {
    const quiet = rest[0] === "--quiet";
    if (quiet) rest.shift();
    if (command === "create" && rest.length > 0) {
      const key = await createApiKey(db, rest.join(" "));
      if (quiet) {
        process.stdout.write(`${key.key}\n`);
        return 0;
      }
      process.stdout.write(`API key "${key.name}" (${key.prefix}…), shown only this once:\n\n  ${key.key}\n\nUse it as: Authorization: Bearer ${key.key}\n`);
      return 0;
    }
    if (command === "list") {
      const keys = await listApiKeys(db);
      if (keys.length === 0) process.stdout.write("No API keys yet: npm run apikey -- create <name>\n");
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : `last used ${key.lastUsedAt?.toISOString() ?? "never"}`;
        process.stdout.write(`${key.prefix}…  ${key.name}  (created ${key.createdAt.toISOString()}, ${state})  id ${key.id}\n`);
      }
      return 0;
    }
    if (command === "revoke" && rest.length === 1) {
      const revoked = await revokeApiKey(db, rest[0]!);
      process.stdout.write(revoked ? `Revoked ${rest[0]}.\n` : `No active key with id or prefix ${rest[0]}.\n`);
      return revoked ? 0 : 1;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } catch (error) {
    const message = redactCredentials((error as Error).message, url);
    const hint = /no such table|does not exist/i.test(message) ? "\nThe database is not migrated yet: npm run db:migrate" : "";
    process.stderr.write(`apikey: ${message}${hint}\n`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));
