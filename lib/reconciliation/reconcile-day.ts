// Runs a day's reconciliation on its newest imported bill and records what it found. An exception found
// again keeps its identity (day, kind, key): an open one is refreshed, a resolved one is left exactly as
// its resolver left it. An open exception a run no longer finds (a resync healed the order meanwhile) is
// closed as GONE. Running a day again therefore changes nothing that was already resolved.
import "server-only";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/prisma/generated/sqlite/client";
import { newRowId } from "@/lib/payments/ids";
import { transaction, type Tx } from "@/lib/payments/store";
import { beijingDay, currentBillFile } from "./day-input";
import { type Prepared, readDayInput } from "./day-sql";
import { matchDay, type DaySummary, type FoundException } from "./match-day";

/** Who closes an exception that a run no longer finds. */
export const RECONCILIATION_ACTOR = "reconciliation";

export type ReconcileResult = { ok: true; billFileId: string; summary: DaySummary; found: number; opened: number; gone: number } | { ok: false; reason: "NO_BILL" };

export type ReconcileOptions = {
  feeRateBp: number | null;
  now?: Date;
  /** A bill just imported with `prepare` (importBill): what it prepared is used if it is still the day's newest. */
  imported?: { billFileId: string; prepared: Prepared | null };
};

export async function reconcileDay(db: Db, billDate: string, options: ReconcileOptions): Promise<ReconcileResult> {
  const file = await currentBillFile(db, billDate);
  if (!file) return { ok: false, reason: "NO_BILL" };
  const now = options.now ?? new Date();
  const prepared = options.imported?.billFileId === file.id ? (options.imported.prepared ?? undefined) : undefined;
  const { exceptions, summary } = matchDay(await readDayInput(db, beijingDay(billDate), file.id, options.feeRateBp, prepared));
  const { opened, gone } = await transaction(db, (tx) => recordExceptions(tx, billDate, exceptions, now));
  await transaction(db, (tx) =>
    tx.reconciliationDay.upsert({
      where: { billDate },
      create: { billDate, status: "RECONCILED", billFileId: file.id, summary: JSON.stringify(summary), reconciledAt: now, lastError: null, nextAttemptAt: null },
      update: { status: "RECONCILED", billFileId: file.id, summary: JSON.stringify(summary), reconciledAt: now, lastError: null, nextAttemptAt: null },
    }),
  );
  return { ok: true, billFileId: file.id, summary, found: exceptions.length, opened, gone };
}

/** Ids per statement that names them: Prisma's limit on SQLite is 999 parameters. */
const IDS_PER_STATEMENT = 900;

function* slices<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
}

/** What a run records of an exception beyond its identity, as stored. */
type Recorded = Pick<FoundException, "orderId" | "outTradeNo" | "tradeNo" | "outRequestNo" | "oursFen" | "billFen"> & { detail: string };

const sameRecord = (a: Recorded, b: Recorded) =>
  a.orderId === b.orderId && a.outTradeNo === b.outTradeNo && a.tradeNo === b.tradeNo && a.outRequestNo === b.outRequestNo && a.oursFen === b.oursFen && a.billFen === b.billFen && a.detail === b.detail;

async function recordExceptions(db: Tx, billDate: string, found: FoundException[], now: Date): Promise<{ opened: number; gone: number }> {
  const existing = await db.reconciliationException.findMany({
    where: { billDate },
    select: { id: true, kind: true, key: true, status: true, orderId: true, outTradeNo: true, tradeNo: true, outRequestNo: true, oursFen: true, billFen: true, detail: true },
  });
  const byKey = new Map(existing.map((row) => [`${row.kind} ${row.key}`, row]));
  const seen = new Set<string>();
  // New ones in one statement: on the first run of a day they are all new, and one query each cost more than the match.
  const created: Prisma.ReconciliationExceptionCreateManyInput[] = [];
  // Open ones found again as they were: only when they were last seen changes, in one statement per slice.
  const unchanged: string[] = [];
  for (const exception of found) {
    const identity = `${exception.kind} ${exception.key}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const fields: Recorded = {
      orderId: exception.orderId,
      outTradeNo: exception.outTradeNo,
      tradeNo: exception.tradeNo,
      outRequestNo: exception.outRequestNo,
      oursFen: exception.oursFen,
      billFen: exception.billFen,
      detail: JSON.stringify(exception.detail),
    };
    const row = byKey.get(identity);
    if (!row) {
      created.push({ id: newRowId(), billDate, kind: exception.kind, key: exception.key, firstSeenAt: now, lastSeenAt: now, ...fields });
    } else if (row.status === "OPEN") {
      if (sameRecord(row, fields)) unchanged.push(row.id);
      else await db.reconciliationException.update({ where: { id: row.id }, data: { ...fields, lastSeenAt: now } });
    }
  }
  if (created.length > 0) await db.reconciliationException.createMany({ data: created });
  for (const ids of slices(unchanged, IDS_PER_STATEMENT)) {
    await db.reconciliationException.updateMany({ where: { id: { in: ids }, status: "OPEN" }, data: { lastSeenAt: now } });
  }
  const goneIds = existing.filter((row) => row.status === "OPEN" && !seen.has(`${row.kind} ${row.key}`)).map((row) => row.id);
  for (const ids of slices(goneIds, IDS_PER_STATEMENT)) {
    await db.reconciliationException.updateMany({
      where: { id: { in: ids }, status: "OPEN" },
      data: { status: "RESOLVED", resolution: "GONE", resolvedBy: RECONCILIATION_ACTOR, resolvedAt: now },
    });
  }
  return { opened: created.length, gone: goneIds.length };
}
