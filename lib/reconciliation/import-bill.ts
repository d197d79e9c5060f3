// Importing a trade bill (alipay-protocol.md §6): the file is kept byte for byte, whatever it holds; its
// rows are read on a worker thread (read-in-worker.ts) and stored here in batches as they come, and become
// visible all at once when the file is marked imported. A file that is refused part way (its line and
// reason recorded) leaves none of its rows behind, so a reconciliation never runs on half a bill. Rows are
// written in short transactions, committed without waiting for the disk (as the file is): on SQLite a long
// one would hold back the notification intake for as long as the bill takes, and the mark or the refusal,
// a durable commit, makes them durable with it.
import "server-only";
import { createHash } from "node:crypto";
import { readTradeBillInWorker } from "@/lib/alipay/bill/read-in-worker";
import { BillFormatError, type TradeBillSummary } from "@/lib/alipay/bill/read-trade-bill";
import type { Db } from "@/lib/db";
import { newRowId } from "@/lib/payments/ids";
import { transaction } from "@/lib/payments/store";
import { BillLines } from "./bill-lines";
import { BillRowWriter, insertBillFile, markImported } from "./bill-sql";
import { beijingDay } from "./day-input";
import { type DayOrders, type Prepared, readDayOrders } from "./day-sql";

export type BillSource = "DOWNLOAD" | "UPLOAD";

export type BillUpload = { billDate: string; source: BillSource; fileName: string; bytes: Buffer; receivedBy: string | null };

/**
 * Why a file was not imported: the reader's problems, a bill of another day or merchant, or (recorded on
 * the file, the error thrown) a failure of the database.
 */
export type ImportProblem = BillFormatError["problem"] | "WRONG_DAY" | "WRONG_ACCOUNT" | "IMPORT_FAILED";

export type ImportResult =
  | { ok: true; billFileId: string; summary: TradeBillSummary; prepared: Prepared | null }
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

export type ImportOptions = {
  /**
   * For reconciling the day right after: keep the rows as the match reads them (BillLines) rather than
   * have them read back, and read the day's orders while the bill is being read on its worker thread.
   */
  prepare?: boolean;
};

/** Keeps the file, then imports its rows; `pid`: the seller id the bill must belong to, when configured. */
export async function importBill(db: Db, upload: BillUpload, pid: string | null, options: ImportOptions = {}): Promise<ImportResult> {
  const billFileId = newRowId();
  // The reader starts first: its thread boots and reads while this one keeps the file (and reads the day's orders).
  const lines = options.prepare ? new BillLines() : null;
  const rows = new BillRowWriter(db, billFileId);
  let fileKept: Promise<void> | null = null;
  const reading = readTradeBillInWorker(upload.bytes, async (batch) => {
    await fileKept;
    lines?.append(batch);
    await rows.add(batch);
  });
  // Until it is awaited below, its failure must not count as unhandled.
  reading.catch(() => {});
  fileKept = insertBillFile(db, {
    id: billFileId,
    billDate: upload.billDate,
    source: upload.source,
    fileName: upload.fileName,
    sha256: createHash("sha256").update(upload.bytes).digest("hex"),
    bytes: upload.bytes,
    receivedBy: upload.receivedBy,
  });
  // On PostgreSQL the orders come on another connection while the file is stored. They are only a head
  // start: if they cannot be read now, the day's run reads them itself.
  const ordersRead = options.prepare ? readDayOrders(db, beijingDay(upload.billDate)).catch(() => null) : null;
  let orders: DayOrders | null = null;
  let summary: TradeBillSummary;
  try {
    await fileKept;
    orders = await ordersRead;
    summary = await reading;
    await rows.finish();
  } catch (error) {
    // The file must be kept before its refusal is recorded on it; if it could not be, there is nothing to record.
    await reading.catch(() => {});
    await fileKept;
    await rows.settled();
    if (!(error instanceof BillFormatError)) {
      await refuse(db, billFileId, { problem: "IMPORT_FAILED", line: null, reason: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    return refuse(db, billFileId, { problem: error.problem, line: error.line, reason: error.reason });
  }
  const wrong = checkBelongs(summary, upload.billDate, pid);
  if (wrong) return refuse(db, billFileId, { ...wrong, line: null });
  await markImported(db, billFileId, summary.rows);
  return { ok: true, billFileId, summary, prepared: options.prepare ? { lines, orders } : null };
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
