// The orders export's columns and rows: one CSV record per order, amounts as yuan numbers from fen,
// times as Beijing wall-clock time (the header says so), the status as its code and as a label.
import { formatYuan } from "@/lib/money";
import { csvNumber, type CsvRow } from "./csv";
import { isOrderStatus, type OrderStatus } from "./status";

export const ORDER_CSV_COLUMNS = [
  "outTradeNo",
  "tradeNo",
  "subject",
  "status",
  "statusLabel",
  "amount",
  "paid",
  "refunded",
  "refundPending",
  "anomalies",
  "buyer",
  "createdAt",
  "paidAt",
] as const;
export type OrderCsvColumn = (typeof ORDER_CSV_COLUMNS)[number];

/** What a record is made of: the order as the database has it, money in fen. */
export type ExportedOrder = {
  outTradeNo: string;
  tradeNo: string | null;
  subject: string;
  status: string;
  amountFen: number;
  paidFen: number;
  refundedFen: number;
  refundPendingFen: number;
  /** Comma-separated flags, empty when none. */
  anomalies: string;
  buyerLogonId: string | null;
  createdAt: Date;
  paidAt: Date | null;
};

/** The label of a status as the console shows it: a paid order with part of it refunded says so. */
export type StatusLabel = (status: OrderStatus | "PARTLY_REFUNDED") => string;

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `2026-12-02 20:37:31`: the instant in Beijing time (UTC+8, no daylight saving), to the second. */
export function formatBeijingTime(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** `20261202-203731`, for a file name. */
export function beijingStamp(at: Date): string {
  return formatBeijingTime(at).replaceAll("-", "").replaceAll(":", "").replace(" ", "-");
}

const yuan = (fen: number) => csvNumber(formatYuan(fen));

export function orderCsvRow(order: ExportedOrder, statusLabel: StatusLabel): CsvRow {
  const label = !isOrderStatus(order.status) ? order.status : order.status === "PAID" && order.refundedFen > 0 ? statusLabel("PARTLY_REFUNDED") : statusLabel(order.status);
  const cells: Record<OrderCsvColumn, CsvRow[number]> = {
    outTradeNo: order.outTradeNo,
    tradeNo: order.tradeNo,
    subject: order.subject,
    status: order.status,
    statusLabel: label,
    amount: yuan(order.amountFen),
    paid: yuan(order.paidFen),
    refunded: yuan(order.refundedFen),
    refundPending: yuan(order.refundPendingFen),
    anomalies: order.anomalies ? order.anomalies.split(",").join(" ") : null,
    buyer: order.buyerLogonId,
    createdAt: formatBeijingTime(order.createdAt),
    paidAt: order.paidAt ? formatBeijingTime(order.paidAt) : null,
  };
  return ORDER_CSV_COLUMNS.map((column) => cells[column]);
}
