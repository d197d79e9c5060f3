// Storing a bill in plain SQL on the driver (lib/payments/driver.ts). The file: through Prisma its bytes
// went to the query compiler and back as base64 text, which took longer than reading the whole bill. The
// rows: straight from the reader's batches (bill-batch.ts), column by column. SQLite binds them into
// prepared INSERTs of 32 rows; PostgreSQL gets a batch as one statement of fixed text: its numbers as
// array literals, its text columns as the JSON the batch crossed threads in, split by the server.
import "server-only";
import { type BillBatch, TEXT_COLUMNS, textColumnsJson } from "@/lib/alipay/bill/bill-batch";
import type { Db } from "@/lib/db";
import { run, runReady, sqliteValue, type Value } from "@/lib/payments/driver";
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

/**
 * PostgreSQL: through pg, each of a batch's thousands of strings was escaped one by one into an array
 * literal, on the thread that also reads the day. Here the numbers are array literals (a typed array's own
 * join) and the text columns one JSON parameter; the times are epoch milliseconds (NaN: none).
 */
const pgInsert = (billRow: string) => {
  const texts = TEXT_COLUMNS.map((_, i) => `ARRAY(SELECT e FROM jsonb_array_elements_text(p.j->${i}) WITH ORDINALITY AS x(e, k) ORDER BY k)`);
  const time = (column: string) => `CASE WHEN u.${column} = 'NaN' THEN NULL ELSE to_timestamp(u.${column} / 1000) AT TIME ZONE 'UTC' END`;
  const textNames = TEXT_COLUMNS.map((_, i) => `t${i}`);
  return `INSERT INTO ${billRow} (${quoted(["billFileId", "line", "kind", "amountFen", "receiptFen", "merchantDiscountFen", "feeFen", "createdAt", "finishedAt", ...TEXT_COLUMNS])})
    SELECT ?, u.line, CASE WHEN u.refund = 1 THEN 'REFUND' ELSE 'PAYMENT' END, u.amount, u.receipt, u.discount, u.fee, ${time("created")}, ${time("finished")}, ${textNames.map((name) => `u.${name}`).join(", ")}
    FROM (SELECT ?::jsonb AS j) p CROSS JOIN LATERAL unnest(?::int4[], ?::int2[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::float8[], ?::float8[], ${texts.join(", ")})
      AS u(line, refund, amount, receipt, discount, fee, created, finished, ${textNames.join(", ")})`;
};

const arrayLiteral = (values: Int32Array | Uint8Array | Float64Array) => `{${values.join(",")}}`;

function pgParams(billFileId: string, batch: BillBatch): Value[] {
  const numbers = [batch.line, batch.refund, batch.amountFen, batch.receiptFen, batch.merchantDiscountFen, batch.feeFen, batch.createdAt, batch.finishedAt];
  return [billFileId, textColumnsJson(batch), ...numbers.map(arrayLiteral)];
}

export type BillFileData = { id: string; billDate: string; source: string; fileName: string; sha256: string; bytes: Buffer; receivedBy: string | null };

/** Stores the file as received, not imported yet. */
export async function insertBillFile(db: Db, file: BillFileData): Promise<void> {
  await transact(db, function* (table) {
    yield run(
      `INSERT INTO ${table("BillFile")} ("id", "billDate", "source", "fileName", "sha256", "size", "content", "receivedBy", "receivedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [file.id, file.billDate, file.source, file.fileName, file.sha256, file.bytes.length, file.bytes, file.receivedBy, new Date()],
    );
    return true;
  }, "storing the bill file");
}

/**
 * Stores batches of the bill file `billFileId`'s rows, in one transaction committed lazily (see
 * TransactionOptions): the rows count only once the file is marked imported, a durable commit.
 */
export async function insertBillBatches(db: Db, billFileId: string, batches: readonly BillBatch[]): Promise<void> {
  if (batches.every((batch) => batch.size === 0)) return;
  await transact(db, function* (table, dialect) {
    if (dialect === "postgresql") {
      for (const batch of batches) yield runReady(pgInsert(table("BillRow")), pgParams(billFileId, batch));
      return true;
    }
    for (const batch of batches) {
      const columns = SQLITE_COLUMNS.map(([, values]) => values(batch));
      for (let from = 0; from < batch.size; from += SQLITE_ROWS) {
        const rows = Math.min(SQLITE_ROWS, batch.size - from);
        const params: Value[] = [];
        for (let i = from; i < from + rows; i++) {
          params.push(billFileId);
          for (const column of columns) params.push(column[i]!);
        }
        yield runReady(sqliteInsert(table("BillRow"), rows), params);
      }
    }
    return true;
  }, "storing the bill's rows", { lazyCommit: true });
}
