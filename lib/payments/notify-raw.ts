// Step 1 of the notification intake on the database driver (driver.ts): the exact bytes of every
// notification, stored before anything else, the ones that arrive together in one statement
// (batcher.ts). Their commit does not wait for its own flush: nothing is answered before the
// processing's commit (notify-fast.ts or the Prisma path), synchronous, which makes them durable.
import "server-only";
import { getDriver } from "@/lib/db";
import { log } from "@/lib/log";
import { Batcher, batcherPer } from "./batcher";
import type { PaymentsContext } from "./context";
import { type PgDriver, type Row, type SqliteDriver, named, numbered, pgTimestamp, sqliteIdle, sqliteUnsyncedTransaction, sqliteValue, statementFor, tableOf } from "./driver";

export type RawNotification = { receivedAt: Date; body: Buffer; bodySize: number; truncated: boolean; contentType: string | null; sourceAddress: string | null };

let lastWarning = 0;
function warnOnce(event: string, error: unknown): void {
  if (Date.now() - lastWarning < 60_000) return;
  lastWarning = Date.now();
  log.warn(event, { error: error instanceof Error ? error.message : String(error) });
}

const RAW_COLUMNS = `"receivedAt", "rawBody", "bodySize", "truncated", "contentType", "sourceAddress", "outcome"`;

/**
 * SQLite: the batch's rows in one transaction that skips its own fsync. It needs no power-cut durability
 * of its own: nothing is answered before the processing commit, whose fsync (synchronous=FULL) covers
 * the whole WAL, these rows included.
 */
const sqliteRaws = batcherPer((driver: SqliteDriver) =>
  new Batcher<RawNotification, number | null>(async (raws) => {
    // Checked again right before BEGIN: nothing may run between the check and the transaction.
    if (!(await sqliteIdle(driver)) || driver.database.inTransaction) return raws.map(() => ({ value: null }));
    const { database } = driver;
    const insert = statementFor(database, `INSERT INTO "Notification" (${RAW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 'RECEIVED') RETURNING "id"`);
    return sqliteUnsyncedTransaction(database, () =>
      raws.map((raw) => ({ value: Number((insert.get(...[raw.receivedAt, raw.body, raw.bodySize, raw.truncated, raw.contentType, raw.sourceAddress].map(sqliteValue)) as Row).id) })),
    );
  }),
);

/**
 * PostgreSQL: the batch's rows in one INSERT; their ids, serial, follow the order they were inserted in.
 * Committed without waiting for the WAL flush (as on SQLite, no fsync of their own): nothing is answered
 * before the processing's own commit, synchronous, whose flush covers the WAL up to it, these rows included.
 */
const pgRaws = batcherPer((driver: PgDriver) =>
  new Batcher<RawNotification, number | null>(async (raws) => {
    const text = numbered(
      `INSERT INTO ${tableOf(driver)("Notification")} (${RAW_COLUMNS})
       SELECT u.r, u.b, u.s, u.t, u.c, u.a, 'RECEIVED'
       FROM unnest(?::timestamp(3)[], ?::bytea[], ?::int[], ?::bool[], ?::text[], ?::text[]) WITH ORDINALITY AS u(r, b, s, t, c, a, n)
       ORDER BY u.n RETURNING "id"`,
    );
    const values = [
      raws.map((raw) => pgTimestamp(raw.receivedAt)),
      raws.map((raw) => raw.body),
      raws.map((raw) => raw.bodySize),
      raws.map((raw) => raw.truncated),
      raws.map((raw) => raw.contentType),
      raws.map((raw) => raw.sourceAddress),
    ];
    let rows: Row[];
    try {
      rows = (await driver.lazyCommitPool().query({ name: named(text), text, values })).rows as Row[];
    } catch (error) {
      // Its connections may be refused where Prisma's are not (a pooler that rejects startup options):
      // the Prisma path stores these rows instead, committing each synchronously.
      warnOnce("notify.raw_batch_failed", error);
      return raws.map(() => ({ value: null }));
    }
    const ids = rows.map((row: Row) => Number(row.id)).sort((a: number, b: number) => a - b);
    if (ids.length !== raws.length) throw new Error(`stored ${ids.length} of ${raws.length} notifications`);
    return ids.map((id: number) => ({ value: id }));
  }),
);

/** Step 1 on the driver: the exact bytes, committed before anything else. Null when the fast path is not available now. */
export async function insertRawNotification(ctx: PaymentsContext, raw: RawNotification): Promise<number | null> {
  const driver = await getDriver(ctx.db);
  return driver.kind === "sqlite" ? sqliteRaws(driver).add(raw) : pgRaws(driver).add(raw);
}
