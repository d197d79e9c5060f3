// Runs a day's reconciliation on its newest imported bill and records what it found. An exception found
// again keeps its identity (day, kind, key): an open one is refreshed, a resolved one is left exactly as
// its resolver left it. An open exception a run no longer finds (a resync healed the order meanwhile) is
// closed as GONE. Running a day again therefore changes nothing that was already resolved.
import "server-only";
import type { Db } from "@/lib/db";
import { all, columnList, type Query, type Row, run, type Value } from "@/lib/payments/driver";
import { newRowId } from "@/lib/payments/ids";
import { beijingDay, currentBillFile } from "./day-input";
import { list, oneOf, type Prepared, readDayInput, text } from "./day-sql";
import { matchDay, type DaySummary, type FoundException } from "./match-day";
import { transact } from "./transact";

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
  const { opened, gone } = await transact(db, (table, dialect) => recordRun(table, dialect, { billDate, billFileId: file.id, found: exceptions, summary, now }), "recording the day's run");
  return { ok: true, billFileId: file.id, summary, found: exceptions.length, opened, gone };
}

/** What a run records of an exception beyond its identity, as stored. */
type Recorded = Pick<FoundException, "orderId" | "outTradeNo" | "tradeNo" | "outRequestNo" | "oursFen" | "billFen"> & { detail: string };

const RECORDED = ["orderId", "outTradeNo", "tradeNo", "outRequestNo", "oursFen", "billFen", "detail"] as const;

const sameRecord = (a: Recorded, b: Recorded) => RECORDED.every((field) => a[field] === b[field]);

const fen = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** New exceptions per INSERT: 14 values each, 700 parameters, under the 999 older SQLite builds allow. */
const ROWS_PER_INSERT = 50;
const INSERTED = ["id", "billDate", "kind", "key", ...RECORDED, "status", "firstSeenAt", "lastSeenAt"] as const;

type RunRecord = { billDate: string; billFileId: string; found: FoundException[]; summary: DaySummary; now: Date };

/**
 * Records a run in one transaction, in plain SQL on the driver (Prisma compiled each of these statements
 * on a run's first use, a tenth of a second): the exceptions found (new ones inserted, open ones found
 * again refreshed, open ones not found closed as GONE, resolved ones left as they are) and the day's
 * figures.
 */
function* recordRun(table: (name: string) => string, dialect: "sqlite" | "postgresql", result: RunRecord): Generator<Query, { opened: number; gone: number }, unknown> {
  const [E, D] = [table("ReconciliationException"), table("ReconciliationDay")];
  const { billDate, now } = result;
  const existing = (yield all(`SELECT "id", "kind", "key", "status", ${columnList(RECORDED)} FROM ${E} WHERE "billDate" = ?`, [billDate])) as Row[];
  const byKey = new Map(existing.map((row) => [`${String(row.kind)} ${String(row.key)}`, row]));
  const stored = (row: Row): Recorded => ({
    orderId: text(row.orderId),
    outTradeNo: text(row.outTradeNo),
    tradeNo: text(row.tradeNo),
    outRequestNo: text(row.outRequestNo),
    oursFen: fen(row.oursFen),
    billFen: fen(row.billFen),
    detail: String(row.detail),
  });
  const seen = new Set<string>();
  const created: Value[][] = [];
  // Open ones found again as they were: only when they were last seen changes, in one statement.
  const unchanged: string[] = [];
  for (const exception of result.found) {
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
      created.push([newRowId(), billDate, exception.kind, exception.key, ...RECORDED.map((field) => fields[field]), "OPEN", now, now]);
    } else if (row.status === "OPEN") {
      if (sameRecord(stored(row), fields)) unchanged.push(String(row.id));
      else yield run(`UPDATE ${E} SET ${RECORDED.map((field) => `"${field}" = ?`).join(", ")}, "lastSeenAt" = ? WHERE "id" = ?`, [...RECORDED.map((field) => fields[field]), now, String(row.id)]);
    }
  }
  for (let at = 0; at < created.length; at += ROWS_PER_INSERT) {
    const rows = created.slice(at, at + ROWS_PER_INSERT);
    const values = rows.map(() => `(${INSERTED.map(() => "?").join(", ")})`).join(", ");
    yield run(`INSERT INTO ${E} (${columnList(INSERTED)}) VALUES ${values}`, rows.flat());
  }
  if (unchanged.length > 0) yield run(`UPDATE ${E} SET "lastSeenAt" = ? WHERE ${oneOf(dialect, '"id"')} AND "status" = 'OPEN'`, [now, list(dialect, unchanged)]);
  const goneIds = existing.filter((row) => row.status === "OPEN" && !seen.has(`${String(row.kind)} ${String(row.key)}`)).map((row) => String(row.id));
  if (goneIds.length > 0) {
    yield run(`UPDATE ${E} SET "status" = 'RESOLVED', "resolution" = 'GONE', "resolvedBy" = ?, "resolvedAt" = ? WHERE ${oneOf(dialect, '"id"')} AND "status" = 'OPEN'`, [
      RECONCILIATION_ACTOR,
      now,
      list(dialect, goneIds),
    ]);
  }
  yield run(
    `INSERT INTO ${D} ("billDate", "status", "billFileId", "summary", "reconciledAt", "lastError", "nextAttemptAt", "updatedAt") VALUES (?, 'RECONCILED', ?, ?, ?, NULL, NULL, ?)
     ON CONFLICT ("billDate") DO UPDATE SET "status" = 'RECONCILED', "billFileId" = excluded."billFileId", "summary" = excluded."summary", "reconciledAt" = excluded."reconciledAt", "lastError" = NULL, "nextAttemptAt" = NULL, "updatedAt" = excluded."updatedAt"`,
    [billDate, result.billFileId, JSON.stringify(result.summary), now, new Date()],
  );
  return { opened: created.length, gone: goneIds.length };
}
