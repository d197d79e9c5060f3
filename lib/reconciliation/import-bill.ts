// Importing a trade bill (alipay-protocol.md §6): the file is kept byte for byte first, whatever it holds;
// then its rows are read and stored in batches, and become visible all at once when the file is marked
// imported. A file that is refused part way (its line and reason recorded) leaves none of its rows behind,
// so a reconciliation never runs on half a bill. Rows are written in short transactions: on SQLite a long
// one would hold back the notification intake for as long as the bill takes.
import "server-only";
import { createHash } from "node:crypto";
import { BillFormatError, readTradeBill, type TradeBillRow, type TradeBillSummary } from "@/lib/alipay/bill/read-trade-bill";
import type { Db } from "@/lib/db";
import { newRowId } from "@/lib/payments/ids";
import { transaction } from "@/lib/payments/store";
import { insertBillFile, insertBillRows } from "./bill-sql";

/** Rows stored per transaction: on SQLite each commit is an fsync. */
const BATCH = 10_000;

export type BillSource = "DOWNLOAD" | "UPLOAD";

export type BillUpload = { billDate: string; source: BillSource; fileName: string; bytes: Buffer; receivedBy: string | null };

/**
 * Why a file was not imported: the reader's problems, a bill of another day or merchant, or (recorded on
 * the file, the error thrown) a failure of the database.
 */
export type ImportProblem = BillFormatError["problem"] | "WRONG_DAY" | "WRONG_ACCOUNT" | "IMPORT_FAILED";

export type ImportResult =
  | { ok: true; billFileId: string; summary: TradeBillSummary }
  | { ok: false; billFileId: string; problem: ImportProblem; line: number | null; reason: string };

/** `2024年03月15日 00:00:00` → `2024-03-15`. */
function periodDay(text: string): string | null {
  const match = /^(\d{4})年(\d{2})月(\d{2})日/.exec(text);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** A bill for another day or another merchant is refused: reconciling it against this day would be wrong. */
function checkBelongs(summary: TradeBillSummary, billDate: string, pid: string | null): { problem: ImportProblem; reason: string } | null {
  const start = summary.period ? periodDay(summary.period.start) : null;
  if (start !== null && start !== billDate) return { problem: "WRONG_DAY", reason: `the bill starts on ${start}, not on ${billDate}` };
  if (pid && summary.pid && summary.pid !== pid) return { problem: "WRONG_ACCOUNT", reason: `the bill is of account ${summary.pid}, this console's seller is ${pid}` };
  return null;
}

/** Keeps the file, then imports its rows; `pid`: the seller id the bill must belong to, when configured. */
export async function importBill(db: Db, upload: BillUpload, pid: string | null): Promise<ImportResult> {
  const billFileId = newRowId();
  await insertBillFile(db, {
    id: billFileId,
    billDate: upload.billDate,
    source: upload.source,
    fileName: upload.fileName,
    sha256: createHash("sha256").update(upload.bytes).digest("hex"),
    bytes: upload.bytes,
    receivedBy: upload.receivedBy,
  });
  // One batch is stored while the next is read: PostgreSQL works on the one while this process reads the other.
  let batch: TradeBillRow[] = [];
  let storing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const rows = batch;
    batch = [];
    await storing;
    storing = insertBillRows(db, billFileId, rows);
    // Awaited at the next flush or the end; until then its failure must not count as unhandled.
    storing.catch(() => {});
  };
  let summary: TradeBillSummary;
  try {
    summary = await readTradeBill(upload.bytes, async (row) => {
      batch.push(row);
      if (batch.length >= BATCH) await flush();
    });
    await flush();
    await storing;
  } catch (error) {
    // No batch may land after the refusal has removed the rows.
    await storing.catch(() => {});
    if (!(error instanceof BillFormatError)) {
      await refuse(db, billFileId, { problem: "IMPORT_FAILED", line: null, reason: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    return refuse(db, billFileId, { problem: error.problem, line: error.line, reason: error.reason });
  }
  const wrong = checkBelongs(summary, upload.billDate, pid);
  if (wrong) return refuse(db, billFileId, { ...wrong, line: null });
  await transaction(db, (tx) => tx.billFile.update({ where: { id: billFileId }, data: { importedAt: new Date(), rowCount: summary.rows }, select: { id: true } }));
  return { ok: true, billFileId, summary };
}

type Refusal = { problem: ImportProblem; line: number | null; reason: string };

/** Records why the file was refused and removes whatever of its rows was stored. */
async function refuse(db: Db, billFileId: string, refusal: Refusal): Promise<ImportResult & { ok: false }> {
  await transaction(db, async (tx) => {
    await tx.billRow.deleteMany({ where: { billFileId } });
    await tx.billFile.update({ where: { id: billFileId }, data: { problem: refusal.problem, problemLine: refusal.line, problemText: refusal.reason }, select: { id: true } });
  });
  return { ok: false, billFileId, ...refusal };
}
