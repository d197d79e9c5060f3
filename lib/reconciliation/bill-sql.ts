// Storing a bill in plain SQL on the driver (lib/payments/driver.ts). The file: through Prisma its bytes
// went to the query compiler and back as base64 text, which took longer than reading the whole bill. The
// rows: straight from the reader's rows, no copy of them as records or as one long parameter list. SQLite
// runs one prepared single-row INSERT per row (better-sqlite3 binds and steps it in microseconds);
// PostgreSQL gets the batch as one array per column and one INSERT … SELECT FROM unnest(…) of fixed text,
// parsed and planned once per batch rather than per 500 rows.
import "server-only";
import type { TradeBillRow } from "@/lib/alipay/bill/read-trade-bill";
import type { Db } from "@/lib/db";
import { pgTimestamp, run } from "@/lib/payments/driver";
import { transact } from "./transact";

type Column = readonly [name: string, pgType: string, value: (row: TradeBillRow) => string | number | Date | null];

const COLUMNS: readonly Column[] = [
  ["line", "int4", (row) => row.line],
  ["kind", "text", (row) => row.kind],
  ["tradeNo", "text", (row) => row.tradeNo],
  ["outTradeNo", "text", (row) => row.outTradeNo],
  ["outRequestNo", "text", (row) => row.outRequestNo],
  ["amountFen", "int8", (row) => row.amountFen],
  ["receiptFen", "int8", (row) => row.receiptFen],
  ["merchantDiscountFen", "int8", (row) => row.merchantDiscountFen],
  ["feeFen", "int8", (row) => row.feeFen],
  ["createdAt", "timestamp(3)", (row) => row.createdAt],
  ["finishedAt", "timestamp(3)", (row) => row.finishedAt],
  ["storeId", "text", (row) => row.storeId],
  ["storeName", "text", (row) => row.storeName],
  ["operatorId", "text", (row) => row.operatorId],
  ["terminalId", "text", (row) => row.terminalId],
  ["buyerLogonId", "text", (row) => row.buyerLogonId],
  ["subject", "text", (row) => row.subject],
  ["remark", "text", (row) => row.remark],
];

const NAMES = ["billFileId", ...COLUMNS.map(([name]) => name)].map((name) => `"${name}"`).join(", ");
const ROW_VALUES = `(?, ${COLUMNS.map(() => "?").join(", ")})`;
const UNNEST = `unnest(${COLUMNS.map(([, type]) => `?::${type}[]`).join(", ")})`;

/** One column of the batch, as PostgreSQL's array parameter takes it (times as UTC text). */
function columnOf(rows: readonly TradeBillRow[], value: Column[2]): (string | number | null)[] {
  return rows.map((row) => {
    const v = value(row);
    return v instanceof Date ? pgTimestamp(v) : v;
  });
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

/** Stores the rows of the bill file `billFileId`, in one transaction. */
export async function insertBillRows(db: Db, billFileId: string, rows: readonly TradeBillRow[]): Promise<void> {
  if (rows.length === 0) return;
  await transact(db, function* (table, dialect) {
    if (dialect === "postgresql") {
      yield run(`INSERT INTO ${table("BillRow")} (${NAMES}) SELECT ?, * FROM ${UNNEST}`, [billFileId, ...COLUMNS.map(([, , value]) => columnOf(rows, value))]);
      return true;
    }
    const text = `INSERT INTO ${table("BillRow")} (${NAMES}) VALUES ${ROW_VALUES}`;
    for (const row of rows) yield run(text, [billFileId, ...COLUMNS.map(([, , value]) => value(row))]);
    return true;
  }, "storing the bill's rows");
}
