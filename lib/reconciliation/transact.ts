// A transaction of the reconciliation's bulk work on the driver under Prisma (lib/payments/driver.ts).
import "server-only";
import { getDriver, type Db } from "@/lib/db";
import { inTransaction, type TransactionOptions, type Work } from "@/lib/payments/driver";

/**
 * Runs `work` on the driver. On SQLite the driver declines (null) while one of Prisma's interactive
 * transactions holds the connection: wait a little and try again, rather than fail a background run.
 */
export async function transact<T>(db: Db, work: Work<T>, what: string, options?: TransactionOptions): Promise<T> {
  const driver = await getDriver(db);
  for (let attempt = 0; attempt < 40; attempt++) {
    const result = await inTransaction(driver, work, options);
    if (result !== null) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: the database stayed busy`);
}
