// Storing a bill in plain SQL on the driver (lib/payments/driver.ts). The file: through Prisma its bytes
// went to the query compiler and back as base64 text, which took longer than reading the whole bill. The
// rows: straight from the reader's batches (bill-batch.ts), column by column. SQLite binds them into
// prepared INSERTs of 32 rows; PostgreSQL reads them by COPY, a line of text each.
import "server-only";
import { type BillBatch, TEXT_COLUMNS } from "@/lib/alipay/bill/bill-batch";
import { type Db, getDriver } from "@/lib/db";
import { copyIn, run, runReady, sqliteValue, type Value } from "@/lib/payments/driver";
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

const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(", ");

/** Rows per SQLite INSERT: one statement stepped per 32 rows rather than per row. */
const SQLITE_ROWS = 32;

/** The INSERT of `rows` rows, made once per count. */
const sqliteInserts = new Map<number, string>();
function sqliteInsert(billRow: string, rows: number): string {
  let text = sqliteInserts.get(rows);
  if (!text) {
    const row = `(?, ${SQLITE_COLUMNS.map(() => "?").join(", ")})`;
    sqliteInserts.set(rows, (text = `INSERT INTO ${billRow} (${quoted(["billFileId", ...SQLITE_COLUMNS.map(([name]) => name)])}) VALUES ${Array<string>(rows).fill(row).join(", ")}`));
  }
  return text;
}

/** The columns PostgreSQL's COPY is given, in the order of each row's fields. */
const COPY_COLUMNS = ["billFileId", "line", "kind", "amountFen", "receiptFen", "merchantDiscountFen", "feeFen", "createdAt", "finishedAt", ...TEXT_COLUMNS];

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** A text field in COPY's text format: `\N` for null; a backslash, tab, newline or carriage return escaped. */
export function copyText(value: string | null): string {
  if (value === null) return "\\N";
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (special) => COPY_ESCAPES[special]!) : value;
}

/** The date part of the day last formatted by copyTime: a bill's times are a day's, or two. */
let copyDay = { start: Number.NaN, text: "" };
const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * Epoch milliseconds as a `timestamp(3)` in UTC (DateTime's column); NaN: none. For the whole milliseconds
 * of a bill's times (years 1000 to 9999), as the reader makes them.
 */
export function copyTime(ms: number): string {
  if (Number.isNaN(ms)) return "\\N";
  const start = ms - (((ms % 86_400_000) + 86_400_000) % 86_400_000);
  if (start !== copyDay.start) copyDay = { start, text: new Date(start).toISOString().slice(0, 10) };
  const inDay = ms - start;
  return `${copyDay.text} ${pad(Math.floor(inDay / 3_600_000), 2)}:${pad(Math.floor(inDay / 60_000) % 60, 2)}:${pad(Math.floor(inDay / 1000) % 60, 2)}.${pad(inDay % 1000, 3)}`;
}

/** A row as a line of COPY's text. */
function copyLine(id: string, batch: BillBatch, texts: readonly (readonly (string | null)[])[], i: number): string {
  let line = `${id}\t${batch.line[i]}\t${batch.refund[i] === 1 ? "REFUND" : "PAYMENT"}\t${batch.amountFen[i]}\t${batch.receiptFen[i]}\t${batch.merchantDiscountFen[i]}\t${batch.feeFen[i]}\t${copyTime(batch.createdAt[i]!)}\t${copyTime(batch.finishedAt[i]!)}`;
  for (const column of texts) line += `\t${copyText(column[i]!)}`;
  return `${line}\n`;
}

/**
 * PostgreSQL: a batch's rows as COPY's text in UTF-8, a line each, written into `into` (or a new buffer)
 * as far as it holds them. Through INSERTs the server spent twice as long on the same rows (unnesting
 * arrays, splitting JSON). Each line is written as it is made: one string of the whole batch, made of
 * thousands of pieces, took longer to flatten and encode.
 */
export function copyRows(billFileId: string, batch: BillBatch, into?: Buffer): Buffer {
  const id = copyText(billFileId);
  const texts = TEXT_COLUMNS.map((name) => batch[name]);
  // Never one of Node's shared pool slabs: the buffer is reused whole (BillRowWriter).
  let buffer = into ?? Buffer.allocUnsafeSlow(Math.max(batch.size, 1) * 256);
  let used = 0;
  for (let i = 0; i < batch.size; i++) {
    const line = copyLine(id, batch, texts, i);
    // A UTF-16 unit is at most 3 bytes of UTF-8.
    if (used + line.length * 3 > buffer.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(buffer.length * 2, used + line.length * 3));
      buffer.copy(larger, 0, 0, used);
      buffer = larger;
    }
    used += buffer.write(line, used);
  }
  return buffer.subarray(0, used);
}

const copyStatement = (billRow: string) => `COPY ${billRow} (${quoted(COPY_COLUMNS)}) FROM STDIN`;

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

/** A transaction's rows: as the reader's batches, or (PostgreSQL) already made COPY's text by copyRows. */
type RowsToStore = { batches: readonly BillBatch[] } | { copyText: readonly Buffer[] };

/**
 * Stores rows of the bill file `billFileId` in one transaction committed lazily (see TransactionOptions):
 * the rows count only once the file is marked imported, a durable commit.
 */
async function storeRows(db: Db, billFileId: string, rows: RowsToStore): Promise<void> {
  await transact(db, function* (table, dialect) {
    if (dialect === "postgresql") {
      yield copyIn(copyStatement(table("BillRow")), "copyText" in rows ? rows.copyText : rows.batches.map((batch) => copyRows(billFileId, batch)));
      return true;
    }
    if (!("batches" in rows)) throw new Error("COPY's text is PostgreSQL's");
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
 * transaction committed lazily (storeRows). On PostgreSQL each batch becomes COPY's text as it
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
    this.#storing = storeRows(this.#db, this.#billFileId, chunks.length > 0 ? { copyText: chunks } : { batches }).then(() => {
      // Sent whole: the COPY is over.
      for (const chunk of chunks) this.#spare.push(Buffer.from(chunk.buffer));
    });
    // Awaited by the next store, by finish or by settled.
    this.#storing.catch(() => {});
  }
}
