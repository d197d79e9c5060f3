// npm run seed:bulk -- <count> – adds <count> synthetic orders (90 days of a shop's scan-to-pay orders:
// scripts/seed/orders.ts) to the database DATABASE_URL names (environment, then `.env`; default the
// SQLite file), migrated first (npm run db:migrate). For trying the console, and the console's list, at
// scale: 1,000,000 orders take 2–3 minutes on a shared 2-core machine. No events, attempts or
// notifications are made for them: an order's page shows its facts with an empty timeline.
import { existsSync } from "node:fs";
import path from "node:path";
import { DEFAULT_DATABASE_URL, describeDatabase, redactCredentials } from "@/prisma/database-url";
import { PROJECT_ROOT } from "@/prisma/tooling";
import { parseSeedCount } from "./seed/orders";
import { seedOrders } from "./seed/write";

const envFile = path.join(PROJECT_ROOT, ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile); // does not override variables already set
const url = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;

async function main(args: string[]): Promise<number> {
  const parsed = parseSeedCount(args.length > 1 ? args.join(" ") : args[0]);
  if ("error" in parsed) {
    process.stderr.write(`seed:bulk: ${parsed.error}\n`);
    return 2;
  }
  const { count } = parsed;
  const step = Math.max(1, Math.ceil(count / 20));
  let nextReport = step;
  process.stdout.write(`Adding ${count.toLocaleString("en")} orders to ${describeDatabase(url, PROJECT_ROOT)}\n`);
  try {
    const result = await seedOrders(url, count, {
      onProgress: ({ phase, written, seconds }) => {
        if (phase === "indexing") {
          process.stdout.write(`  building the Order table's indexes (${seconds.toFixed(1)} s)\n`);
          return;
        }
        if (written < nextReport && written < count) return;
        nextReport = written + step;
        const rate = Math.round(written / seconds).toLocaleString("en");
        process.stdout.write(`  ${written.toLocaleString("en").padStart(12)} / ${count.toLocaleString("en")}  ${seconds.toFixed(1).padStart(6)} s  ${rate} orders/s\n`);
      },
    });
    process.stdout.write(`Added ${result.count.toLocaleString("en")} orders in ${result.seconds.toFixed(1)} s: ${Math.round(result.rate).toLocaleString("en")} orders/s\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`seed:bulk: ${redactCredentials((error as Error).message, url)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
