// What a day's match reads from the database (match-day.ts DayInput): the rows of the day's bill, the
// orders and refunds they name or that were paid or refunded on the day, how the notifications about
// those orders verified, and which trades other days' bills already account for. Lookups by key go in
// chunks, so that a day of 100,000 rows never builds one enormous statement.
import "server-only";
import type { Db } from "@/lib/db";
import { beijingDayStart } from "@/lib/url-params";
import type { BillLine, DayInput, LocalOrder, LocalRefund } from "./match-day";

const CHUNK = 500;
const DAY_MS = 24 * 60 * 60 * 1000;
const BAD_SIGNATURES = ["INVALID", "MISSING", "UNSUPPORTED_SIGN_TYPE"];
const ORDER_FIELDS = { id: true, outTradeNo: true, alipayOutTradeNo: true, tradeNo: true, status: true, paidFen: true, paidAt: true, anomalies: true } as const;

async function inChunks<K, T>(keys: Iterable<K>, read: (chunk: K[]) => Promise<T[]>): Promise<T[]> {
  const all = [...new Set(keys)];
  const out: T[] = [];
  for (let at = 0; at < all.length; at += CHUNK) out.push(...(await read(all.slice(at, at + CHUNK))));
  return out;
}

export function beijingDay(billDate: string): DayInput["day"] {
  const start = beijingDayStart(billDate);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/** The newest imported bill of the day, or null. */
export function currentBillFile(db: Db, billDate: string) {
  return db.billFile.findFirst({ where: { billDate, importedAt: { not: null } }, orderBy: { importedAt: "desc" }, select: { id: true, fileName: true, source: true, importedAt: true } });
}

export async function loadDayInput(db: Db, billDate: string, billFileId: string, feeRateBp: number | null): Promise<DayInput> {
  const day = beijingDay(billDate);
  const bill = (await db.billRow.findMany({
    where: { billFileId },
    orderBy: { line: "asc" },
    select: { line: true, kind: true, tradeNo: true, outTradeNo: true, outRequestNo: true, amountFen: true, receiptFen: true, feeFen: true, finishedAt: true },
  })) as BillLine[];

  type OrderRow = Omit<LocalOrder, "anomalies" | "notifications"> & { anomalies: string };
  const rows = new Map<string, OrderRow>();
  const keep = (found: OrderRow[]) => found.forEach((order) => rows.set(order.id, order));
  keep(await inChunks(bill.flatMap((row) => (row.outTradeNo ? [row.outTradeNo] : [])), (chunk) => db.order.findMany({ where: { alipayOutTradeNo: { in: chunk } }, select: ORDER_FIELDS })));
  const known = new Set([...rows.values()].map((order) => order.tradeNo));
  keep(await inChunks(bill.filter((row) => !known.has(row.tradeNo)).map((row) => row.tradeNo), (chunk) => db.order.findMany({ where: { tradeNo: { in: chunk } }, select: ORDER_FIELDS })));
  keep(await db.order.findMany({ where: { paidAt: { gte: day.start, lt: day.end }, status: { in: ["PAID", "REFUNDED"] } }, select: ORDER_FIELDS }));

  const refundFields = { orderId: true, outRequestNo: true, amountFen: true, settledAt: true } as const;
  const found: LocalRefund[] = [
    ...(await inChunks(rows.keys(), (chunk) => db.refund.findMany({ where: { orderId: { in: chunk }, status: "SUCCEEDED" }, select: refundFields }))),
    ...(await db.refund.findMany({ where: { status: "SUCCEEDED", settledAt: { gte: day.start, lt: day.end } }, select: refundFields })),
  ];
  const refunds = [...new Map(found.map((refund) => [`${refund.orderId}/${refund.outRequestNo}`, refund])).values()];
  keep(await inChunks(refunds.map((refund) => refund.orderId).filter((id) => !rows.has(id)), (chunk) => db.order.findMany({ where: { id: { in: chunk } }, select: ORDER_FIELDS })));

  const verdicts = await inChunks(rows.keys(), (chunk) =>
    db.notification.groupBy({ by: ["orderId", "signature"], where: { orderId: { in: chunk } }, _count: { _all: true } }),
  );
  const notifications = new Map<string, LocalOrder["notifications"]>();
  for (const verdict of verdicts) {
    const counts = notifications.get(verdict.orderId!) ?? { verified: 0, badSignature: 0 };
    if (verdict.signature === "VALID") counts.verified += verdict._count._all;
    else if (BAD_SIGNATURES.includes(verdict.signature ?? "")) counts.badSignature += verdict._count._all;
    notifications.set(verdict.orderId!, counts);
  }
  const orders: LocalOrder[] = [...rows.values()].map((order) => ({ ...order, anomalies: order.anomalies ? order.anomalies.split(",") : [], notifications: notifications.get(order.id) ?? { verified: 0, badSignature: 0 } }));

  return { day, bill, orders, refunds, elsewhere: await accountedElsewhere(db, billFileId, bill, orders, refunds), feeRateBp };
}

/** Trades paid (and refunds made) here on the day that are not on this bill: are they on another day's? */
async function accountedElsewhere(db: Db, billFileId: string, bill: BillLine[], orders: LocalOrder[], refunds: LocalRefund[]): Promise<DayInput["elsewhere"]> {
  const onBill = new Set(bill.map((row) => row.tradeNo));
  const tradeNos = new Map(orders.map((order) => [order.id, order.tradeNo]));
  const candidates = [...orders.map((order) => order.tradeNo), ...refunds.map((refund) => tradeNos.get(refund.orderId))].filter((no): no is string => Boolean(no) && !onBill.has(no!));
  const found = await inChunks(candidates, (chunk) =>
    db.billRow.findMany({ where: { tradeNo: { in: chunk }, billFileId: { not: billFileId }, billFile: { importedAt: { not: null } } }, select: { kind: true, tradeNo: true, outRequestNo: true } }),
  );
  return {
    payments: new Set(found.filter((row) => row.kind === "PAYMENT").map((row) => row.tradeNo)),
    refunds: new Set(found.filter((row) => row.kind === "REFUND").map((row) => `${row.tradeNo}/${row.outRequestNo}`)),
  };
}
