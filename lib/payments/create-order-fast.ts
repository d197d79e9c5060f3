// Order creation's common case on the database driver (driver.ts): a new order stored with its first
// precreate attempt in one transaction, and the precreate's outcome (the gateway call, the attempt, the
// QR on the order) in another: the same rows create-order.ts writes through Prisma, which still handles
// everything else (an outTradeNo already used, a retry, a refusal, a concurrent change).
import "server-only";
import type { GatewayCall } from "@/lib/alipay/gateway-client";
import { getDriver } from "@/lib/db";
import type { PaymentsContext } from "./context";
import { type Value, all, columnList, inTransaction, run } from "./driver";
import { currentActor } from "./actor";
import { newRowId } from "./ids";
import type { OrderRow } from "./store";

export type Attempt = { id: string; number: number; alipayOutTradeNo: string };

const ORDER_COLUMNS: readonly (keyof OrderRow)[] = [
  "id",
  "outTradeNo",
  "alipayOutTradeNo",
  "amountFen",
  "subject",
  "body",
  "returnUrl",
  "timeoutMinutes",
  "requestHash",
  "status",
  "qrCode",
  "expiresAt",
  "tradeNo",
  "scanned",
  "finished",
  "buyerId",
  "buyerLogonId",
  "paidFen",
  "refundedFen",
  "refundPendingFen",
  "anomalies",
  "paidAt",
  "closedAt",
  "storeId",
  "terminalId",
  "version",
  "nextCheckAt",
  "checkCount",
  "lastCheckAt",
  "leaseOwner",
  "leaseUntil",
  "createdAt",
  "updatedAt",
];

const marks = (count: number) => Array(count).fill("?").join(", ");

/**
 * Stores `order` (a complete new row) with its CREATED event and its first attempt. Null when its
 * outTradeNo (or the attempt's number) is taken, or the database is busy: nothing is written then.
 */
export async function insertOrderFast(ctx: PaymentsContext, order: OrderRow, created: Record<string, unknown>): Promise<Attempt | null> {
  const attempt: Attempt = { id: newRowId(), number: 1, alipayOutTradeNo: order.outTradeNo };
  const done = await inTransaction(await getDriver(ctx.db), function* (table) {
    const [taken] = (yield all(
      `SELECT (SELECT count(*) FROM ${table("Order")} WHERE "outTradeNo" = ?) + (SELECT count(*) FROM ${table("PrecreateAttempt")} WHERE "alipayOutTradeNo" = ?) AS "n"`,
      [order.outTradeNo, attempt.alipayOutTradeNo],
    )) as { n: unknown }[];
    if (Number(taken!.n) > 0) return null;
    yield run(`INSERT INTO ${table("Order")} (${columnList(ORDER_COLUMNS)}) VALUES (${marks(ORDER_COLUMNS.length)})`, ORDER_COLUMNS.map((name) => order[name] as Value));
    yield run(`INSERT INTO ${table("OrderEvent")} ("orderId", "at", "type", "source", "detail", "actor") VALUES (?, ?, 'CREATED', 'API', ?, ?)`, [order.id, order.createdAt, JSON.stringify(created), currentActor()]);
    yield run(`INSERT INTO ${table("PrecreateAttempt")} ("id", "orderId", "number", "alipayOutTradeNo", "outcome", "createdAt") VALUES (?, ?, ?, ?, 'PENDING', ?)`, [
      attempt.id,
      order.id,
      attempt.number,
      attempt.alipayOutTradeNo,
      order.createdAt,
    ]);
    return true;
  });
  return done ? attempt : null;
}

export type PrecreateRecord = {
  order: OrderRow;
  attempt: Attempt;
  call: GatewayCall;
  outcome: string;
  qrCode: string | null;
  message: string | null;
  /** Set when the QR goes on the order (a QR, and Alipay did not spend the number). */
  issue: { nextCheckAt: Date } | null;
  now: Date;
};

/**
 * Records the call and its attempt, and issues the QR when the order is still as it was read (no QR,
 * pending, same version). `issued`: the order now has its QR; `recorded`: the call and the attempt are
 * stored, the order is for create-order.ts to settle; null: busy, nothing written.
 */
export async function recordPrecreateFast(ctx: PaymentsContext, record: PrecreateRecord): Promise<"issued" | "recorded" | null> {
  const { order, attempt, call, now } = record;
  const last = call.attempts.at(-1);
  const callId = newRowId();
  return inTransaction(await getDriver(ctx.db), function* (table) {
    yield run(
      `INSERT INTO ${table("GatewayCall")} ("id", "orderId", "method", "traceId", "outcome", "code", "subCode", "verdict", "error", "requestUrl", "requestBody", "responseStatus", "responseBody", "wireAttempts", "latencyMs", "createdAt")
       VALUES (${marks(16)})`,
      [
        callId,
        order.id,
        call.method,
        call.traceId,
        call.outcome,
        call.code,
        call.subCode,
        call.verdict,
        call.error,
        last?.url ?? null,
        last?.requestBody ?? null,
        last?.status ?? null,
        last?.responseBody ? Buffer.from(last.responseBody) : null,
        call.attempts.length,
        call.latencyMs,
        now,
      ],
    );
    yield run(`UPDATE ${table("PrecreateAttempt")} SET "outcome" = ?, "code" = ?, "subCode" = ?, "message" = ?, "qrCode" = ?, "gatewayCallId" = ?, "finishedAt" = ? WHERE "id" = ?`, [
      record.outcome,
      call.code,
      call.subCode,
      record.message,
      record.qrCode,
      callId,
      now,
      attempt.id,
    ]);
    if (!record.issue || !record.qrCode) return "recorded";
    const changed = (yield run(
      `UPDATE ${table("Order")} SET "qrCode" = ?, "alipayOutTradeNo" = ?, "nextCheckAt" = ?, "version" = "version" + 1, "updatedAt" = ?
       WHERE "id" = ? AND "version" = ? AND "qrCode" IS NULL AND "status" = 'PENDING'`,
      [record.qrCode, attempt.alipayOutTradeNo, record.issue.nextCheckAt, now, order.id, order.version],
    )) as number;
    if (changed !== 1) return "recorded";
    yield run(`INSERT INTO ${table("OrderEvent")} ("orderId", "at", "type", "source", "detail", "actor") VALUES (?, ?, 'QR_ISSUED', 'API', ?, ?)`, [
      order.id,
      now,
      JSON.stringify({ attempt: attempt.number, alipayOutTradeNo: attempt.alipayOutTradeNo }),
      currentActor(),
    ]);
    return "issued";
  });
}
