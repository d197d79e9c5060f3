// Storing a bill in plain SQL on the driver (lib/payments/driver.ts). The file: through Prisma its bytes
// went to the query compiler and back as base64 text, which took longer than reading the whole bill. The
// rows: straight from the reader's batches (bill-batch.ts), column by column. SQLite binds them into
// prepared INSERTs of 32 rows; PostgreSQL reads them by a binary COPY (bill-copy.ts).
import "server-only";
import { type BillBatch, TEXT_COLUMNS } from "@/lib/alipay/bill/bill-batch";
import { type Db, getDriver } from "@/lib/db";
import { columnList, copyIn, run, runReady, sqliteValue, type Value } from "@/lib/payments/driver";
import { COPY_HEADER, COPY_TRAILER, copyRows, copyStatement } from "./bill-copy";
import { transact } from "./transact";

/** A column of the batch as SQLite is given it. */
type Column = readonly [name: string, values: (batch: BillBatch) => readonly (string | number | null)[]];

const numbers = (pick: (batch: BillBatch) => Float64Array | Int32Array) => (batch: BillBatch) => Array.from(pick(batch));
/** Times as Prisma stores them in SQLite: ISO text with its offset. */
const times = (pick: (batch: BillBatch) => Float64Array) => (batch: BillBatch) => Array.from(pick(batch), (ms) => (Number.isNaN(ms) ? null : (sqliteValue(new Date(ms)) as string)));

const SQLITE_COLUMNS: readonly Column[] = [
  ["line", numbers((b) => b.line)],
  ["kind", (b) => Array.from(b.refund, (refund) => (refund === 1 ? "REFUND" : "PAYMENT"))],
  ["amountFen", numbers((b) => b.amountFen)],
  ["receiptFen", numbers((b) => b.receiptFen)],
  ["merchantDiscountFen", numbers((b) => b.merchantDiscountFen)],
  ["feeFen", numbers((b) => b.feeFen)],
  ["createdAt", times((b) => b.createdAt)],
  ["finishedAt", times((b) => b.finishedAt)],
  ...TEXT_COLUMNS.map((name): Column => [name, (b) => b[name]]),
];

/** Rows per SQLite INSERT: one statement stepped per 32 rows rather than per row. */
const SQLITE_ROWS = 32;

/** The INSERT of `rows` rows, made once per count. */
const sqliteInserts = new Map<number, string>();
function sqliteInsert(billRow: string, rows: number): string {
  let text = sqliteInserts.get(rows);
  if (!text) {
    const row = `(?, ${SQLITE_COLUMNS.map(() => "?").join(", ")})`;
    sqliteInserts.set(rows, (text = `INSERT INTO ${billRow} (${columnList(["billFileId", ...SQLITE_COLUMNS.map(([name]) => name)])}) VALUES ${Array<string>(rows).fill(row).join(", ")}`));
  }
  return text;
}

export type BillFileData = { id: string; billDate: string; source: string; fileName: string; sha256: string; bytes: Buffer; receivedBy: string | null };

/**
 * Stores the file as received, not imported yet, committed without waiting for the disk as its rows are:
 * whatever becomes of the import, imported or refused, is recorded on it by a durable commit after it.
 */
export async function insertBillFile(db: Db, file: BillFileData): Promise<void> {
  await transact(db, function* (table) {
    yield run(
      `INSERT INTO ${table("BillFile")} ("id", "billDate", "source", "fileName", "sha256", "size", "content", "receivedBy", "receivedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [file.id, file.billDate, file.source, file.fileName, file.sha256, file.bytes.length, file.bytes, file.receivedBy, new Date()],
    );
    return true;
  }, "storing the bill file", { lazyCommit: true });
}

/** Marks the file imported, its rows counted, by a durable commit: its rows, committed lazily, count from then on. */
export async function markImported(db: Db, billFileId: string, rowCount: number): Promise<void> {
  await transact(db, function* (table) {
    const marked = yield run(`UPDATE ${table("BillFile")} SET "importedAt" = ?, "rowCount" = ? WHERE "id" = ?`, [new Date(), rowCount, billFileId]);
    if (marked !== 1) throw new Error(`marking the bill imported: no bill file ${billFileId}`);
    return true;
  }, "marking the bill imported");
}

/** A transaction's rows: as the reader's batches, or (PostgreSQL) already made COPY's tuples by copyRows. */
type RowsToStore = { batches: readonly BillBatch[] } | { tuples: readonly Buffer[] };

/**
 * Stores rows of the bill file `billFileId` in one transaction committed lazily (see TransactionOptions):
 * the rows count only once the file is marked imported, a durable commit.
 */
async function storeRows(db: Db, billFileId: string, rows: RowsToStore): Promise<void> {
  await transact(db, function* (table, dialect) {
    if (dialect === "postgresql") {
      const tuples = "tuples" in rows ? rows.tuples : rows.batches.map((batch) => copyRows(billFileId, batch));
      yield copyIn(copyStatement(table("BillRow")), [COPY_HEADER, ...tuples, COPY_TRAILER]);
      return true;
    }
    if (!("batches" in rows)) throw new Error("COPY's tuples are PostgreSQL's");
    for (const batch of rows.batches) {
      const columns = SQLITE_COLUMNS.map(([, values]) => values(batch));
      for (let from = 0; from < batch.size; from += SQLITE_ROWS) {
        const count = Math.min(SQLITE_ROWS, batch.size - from);
        const params: Value[] = [];
        for (let i = from; i < from + count; i++) {
          params.push(billFileId);
          for (const column of columns) params.push(column[i]!);
        }
        yield runReady(sqliteInsert(table("BillRow"), count), params);
      }
    }
    return true;
  }, "storing the bill's rows", { lazyCommit: true });
}

/** Stores batches of the bill file `billFileId`'s rows in one transaction (storeRows). */
export async function insertBillBatches(db: Db, billFileId: string, batches: readonly BillBatch[]): Promise<void> {
  if (batches.some((batch) => batch.size > 0)) await storeRows(db, billFileId, { batches });
}

/** Rows stored per transaction. */
const TRANSACTION_ROWS = 10_000;

/**
 * Stores the rows of the bill file `billFileId` as its reader hands them on, TRANSACTION_ROWS per
 * transaction committed lazily (storeRows). On PostgreSQL each batch becomes COPY's tuples as it
 * comes, held off the heap, its strings left to die young; and a transaction's rows are copied while the
 * next one's come. Held as strings until their turn, 10,000 rows' worth outlived the young generation;
 * and the buffers of a transaction copied are written again by the batches after it: each new one lived
 * until the heap's next full collection, tens of MB of them at a time.
 */
export class BillRowWriter {
  readonly #db: Db;
  readonly #billFileId: string;
  readonly #dialect: Promise<"sqlite" | "postgresql">;
  #batches: BillBatch[] = [];
  #chunks: Buffer[] = [];
  /** Buffers whose rows were copied, to write the next batches into. */
  #spare: Buffer[] = [];
  #rows = 0;
  #storing: Promise<void> = Promise.resolve();

  constructor(db: Db, billFileId: string) {
    this.#db = db;
    this.#billFileId = billFileId;
    this.#dialect = getDriver(db).then((driver) => driver.kind);
    this.#dialect.catch(() => {});
  }

  async add(batch: BillBatch): Promise<void> {
    if (batch.size === 0) return;
    if ((await this.#dialect) === "postgresql") this.#chunks.push(copyRows(this.#billFileId, batch, this.#spare.pop()));
    else this.#batches.push(batch);
    this.#rows += batch.size;
    if (this.#rows >= TRANSACTION_ROWS) await this.#store();
  }

  /** Stores the rows left; resolves once every row added is stored, or rejects with the first failure. */
  async finish(): Promise<void> {
    await this.#store();
    await this.#storing;
  }

  /** Resolves once no store is under way, whatever became of it: before the rows stored are removed. */
  async settled(): Promise<void> {
    await this.#storing.catch(() => {});
  }

  async #store(): Promise<void> {
    const batches = this.#batches;
    const chunks = this.#chunks;
    this.#batches = [];
    this.#chunks = [];
    this.#rows = 0;
    // One transaction at a time: the one before must have succeeded (its failure is this one's).
    await this.#storing;
    if (batches.length === 0 && chunks.length === 0) return;
    this.#storing = storeRows(this.#db, this.#billFileId, chunks.length > 0 ? { tuples: chunks } : { batches }).then(() => {
      // Sent whole: the COPY is over.
      for (const chunk of chunks) this.#spare.push(Buffer.from(chunk.buffer));
    });
    // Awaited by the next store, by finish or by settled.
    this.#storing.catch(() => {});
  }
}
