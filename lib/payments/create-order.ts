// Creating an order: stored first, then alipay.trade.precreate under a precreate attempt of its own.
// A gateway error or an unknown outcome leaves the order without a QR and the attempt recorded; the
// same request again retries under a fresh Alipay-side number (§3.1). Idempotent on outTradeNo.
import "server-only";
import { createHash } from "node:crypto";
import { formatAlipayTime } from "@/lib/alipay/time";
import { formatYuan } from "@/lib/money";
import type { PaymentsContext } from "./context";
import { type Attempt, insertOrderFast, recordPrecreateFast } from "./create-order-fast";
import { PaymentError } from "./errors";
import { attemptOutTradeNo, newOrderId, newOutTradeNo, newRowId } from "./ids";
import type { CreateOrderInput } from "./schemas";
import { type OrderRow, appendEvent, isUniqueViolation, recordGatewayCall, retryOnConflict, transaction, updateOrder } from "./store";
import { syncOrder } from "./sync";

export const DEFAULT_TIMEOUT_MINUTES = 30;

export type CreateOrderResult = { created: boolean; order: OrderRow };

function requestHash(input: CreateOrderInput): string {
  // The store and till only when given: an order created before they existed keeps its fingerprint.
  const shop = input.storeId || input.terminalId ? [input.storeId ?? null, input.terminalId ?? null] : [];
  const canonical = JSON.stringify([input.amount, input.subject, input.body ?? null, input.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES, input.returnUrl ?? null, ...shop]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** Sub-codes after which the same attempt can never succeed: say so plainly (§2.3). */
const INPUT_ERRORS = new Set(["ACQ.INVALID_PARAMETER", "ACQ.EXIST_FORBIDDEN_WORD", "ACQ.TOTAL_FEE_EXCEED"]);

/** Precreate answers that spend the out_trade_no for good (§2.3: "treat as terminal for that out_trade_no"). */
const TERMINAL_FOR_NUMBER = new Set(["ACQ.TRADE_HAS_SUCCESS", "ACQ.TRADE_HAS_CLOSE", "ACQ.CONTEXT_INCONSISTENT"]);

/** The complete row of a new order, as the database would default it. */
function newOrderRow(input: CreateOrderInput, hash: string, now: Date): OrderRow {
  const timeoutMinutes = input.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
  const expiresAt = new Date(now.getTime() + timeoutMinutes * 60_000);
  return {
    id: newOrderId(),
    outTradeNo: input.outTradeNo ?? newOutTradeNo(now),
    alipayOutTradeNo: null,
    amountFen: input.amount,
    subject: input.subject,
    body: input.body ?? null,
    returnUrl: input.returnUrl ?? null,
    timeoutMinutes,
    requestHash: hash,
    status: "PENDING",
    qrCode: null,
    expiresAt,
    tradeNo: null,
    scanned: false,
    finished: false,
    buyerId: null,
    buyerLogonId: null,
    paidFen: 0,
    refundedFen: 0,
    refundPendingFen: 0,
    anomalies: "",
    paidAt: null,
    closedAt: null,
    storeId: input.storeId ?? null,
    terminalId: input.terminalId ?? null,
    version: 0,
    // Without a QR (precreate failing) the worker still closes it when it expires.
    nextCheckAt: expiresAt,
    checkCount: 0,
    lastCheckAt: null,
    leaseOwner: null,
    leaseUntil: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** What the CREATED event says. */
const createdDetail = (order: OrderRow) => ({
  amountFen: order.amountFen,
  timeoutMinutes: order.timeoutMinutes,
  ...(order.storeId ? { storeId: order.storeId } : {}),
  ...(order.terminalId ? { terminalId: order.terminalId } : {}),
});

async function insertOrder(ctx: PaymentsContext, input: CreateOrderInput, hash: string): Promise<CreateOrderResult> {
  const row = newOrderRow(input, hash, ctx.now());
  const { outTradeNo } = row;
  try {
    const order = await transaction(ctx.db, async (tx) => {
      const order = await tx.order.create({ data: row });
      await appendEvent(tx, order.id, "CREATED", "API", createdDetail(row));
      return order;
    });
    return { created: true, order };
  } catch (error) {
    if (!isUniqueViolation(error) || !input.outTradeNo) throw error;
    // Created meanwhile by the same request sent twice at once (or by another request: a conflict).
    const existing = await ctx.db.order.findUnique({ where: { outTradeNo } });
    if (!existing) throw error;
    return { created: false, order: existing };
  }
}

/**
 * One precreate attempt for an order without a QR. Throws PaymentError when it gives no QR. `fresh`: the
 * order was created by this request (a one-minute order is payable); `reserved`: its attempt already is.
 */
async function precreate(ctx: PaymentsContext, order: OrderRow, fresh: boolean, reserved?: Attempt): Promise<OrderRow> {
  const now = ctx.now();
  if (!fresh && order.expiresAt.getTime() - now.getTime() < 60_000) {
    throw new PaymentError("ORDER_NOT_PAYABLE", "The order expires in less than a minute: create a new order", { expiresAt: order.expiresAt.toISOString() });
  }
  const attemptId = newRowId();
  const attempt: Attempt = reserved ?? await transaction(ctx.db, async (tx) => {
    const number = (await tx.precreateAttempt.count({ where: { orderId: order.id } })) + 1;
    const alipayOutTradeNo = attemptOutTradeNo(order.outTradeNo, number);
    return tx.precreateAttempt.create({ data: { id: attemptId, orderId: order.id, number, alipayOutTradeNo, createdAt: now } });
  }).catch(async (error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
    const clash = await ctx.db.precreateAttempt.findUnique({ where: { alipayOutTradeNo: attemptOutTradeNo(order.outTradeNo, 1) }, select: { orderId: true } });
    if (clash && clash.orderId !== order.id) {
      throw new PaymentError("CONFLICT", "This outTradeNo is already in use at Alipay by another order's retry: choose another", { outTradeNo: order.outTradeNo });
    }
    // The same request sent twice at once: the other one is precreating this order right now.
    throw new PaymentError("CONFLICT", "Another request is creating this order's QR right now: send the same request again in a moment", { outTradeNo: order.outTradeNo });
  });

  // The QR dies with the order (§3.1: at most 2 h; time_expire wins over the relative timeouts).
  const minutesLeft = Math.max(1, Math.floor((order.expiresAt.getTime() - now.getTime()) / 60_000));
  const call = await ctx.gateway.call(
    "alipay.trade.precreate",
    {
      out_trade_no: attempt.alipayOutTradeNo,
      total_amount: formatYuan(order.amountFen),
      subject: order.subject,
      ...(order.body ? { body: order.body } : {}),
      ...(order.storeId ? { store_id: order.storeId } : {}),
      ...(order.terminalId ? { terminal_id: order.terminalId } : {}),
      qr_code_timeout_express: `${minutesLeft}m`,
      time_expire: formatAlipayTime(order.expiresAt),
    },
    { notifyUrl: ctx.settings.notifyUrl },
  );
  const qrCode = call.outcome === "SUCCESS" && typeof call.node?.qr_code === "string" && call.node.qr_code !== "" ? call.node.qr_code : null;
  const outcome = call.outcome === "SUCCESS" && !qrCode ? "UNKNOWN" : call.outcome;
  const message = typeof call.node?.sub_msg === "string" ? call.node.sub_msg : typeof call.node?.msg === "string" ? call.node.msg : call.error;

  // The call and its attempt are recorded whatever happens to the order next; in the common case the
  // QR goes on the order in the same transaction (on the driver; through Prisma when it is busy).
  const spent = call.outcome === "BUSINESS_ERROR" && call.subCode !== null && TERMINAL_FOR_NUMBER.has(call.subCode);
  const recordedAt = ctx.now();
  const nextCheckAt = new Date(recordedAt.getTime() + (ctx.settings.checkDelaysMs[0] ?? 15_000));
  const fast = await recordPrecreateFast(ctx, { order, attempt, call, outcome, qrCode, message, issue: qrCode && !spent ? { nextCheckAt } : null, now: recordedAt });
  if (fast === "issued") return { ...order, qrCode, alipayOutTradeNo: attempt.alipayOutTradeNo, nextCheckAt, version: order.version + 1, updatedAt: recordedAt };
  if (fast === null) {
    await transaction(ctx.db, async (tx) => {
      const gatewayCallId = await recordGatewayCall(tx, call, order.id);
      await tx.precreateAttempt.update({
        where: { id: attempt.id },
        data: { outcome, code: call.code, subCode: call.subCode, message, qrCode, gatewayCallId, finishedAt: recordedAt },
      });
    });
  }
  const details = { attempt: attempt.number, outcome, code: call.code, subCode: call.subCode, message };
  if (spent) return numberIsSpent(ctx, order.id, attempt.alipayOutTradeNo, details);

  const updated = await retryOnConflict(() =>
    transaction(ctx.db, async (tx) => {
      const current = await tx.order.findUniqueOrThrow({ where: { id: order.id } });
      // The same request, sent twice at once, precreated twice: the first QR stays; nobody sees the second.
      if (current.qrCode !== null || current.status !== "PENDING") return current;
      if (!qrCode) {
        await appendEvent(tx, order.id, "PRECREATE_FAILED", "API", { alipayOutTradeNo: attempt.alipayOutTradeNo, ...details });
        return current;
      }
      const data = { qrCode, alipayOutTradeNo: attempt.alipayOutTradeNo, nextCheckAt };
      await updateOrder(tx, current, data);
      await appendEvent(tx, order.id, "QR_ISSUED", "API", { attempt: attempt.number, alipayOutTradeNo: attempt.alipayOutTradeNo });
      return { ...current, ...data, version: current.version + 1 };
    }),
  );
  if (updated.qrCode || updated.status !== "PENDING") return updated;
  if (outcome === "UNKNOWN" || outcome === "FORGED") {
    throw new PaymentError("GATEWAY_UNKNOWN", "Alipay did not answer precreate clearly (timeout, system error or an unverifiable answer). Send the same request again to retry under a new number.", details);
  }
  const hint = call.subCode && INPUT_ERRORS.has(call.subCode) ? " Fix the order's fields." : " Send the same request again to retry.";
  throw new PaymentError("GATEWAY_ERROR", `Alipay refused precreate: ${call.subCode ?? call.code} ${message ?? ""}.${hint}`.replace(/\s+\./, "."), details);
}

/**
 * Alipay says this out_trade_no is spent (§2.3: terminal for the number). Paid: the order takes that
 * trade, as a query tells it. Closed, or used with other fields: the order can never be paid; FAILED.
 * Never precreated again under a new number: the buyer might pay twice.
 */
async function numberIsSpent(ctx: PaymentsContext, orderId: string, alipayOutTradeNo: string, details: Record<string, unknown>): Promise<OrderRow> {
  const paidElsewhere = details.subCode === "ACQ.TRADE_HAS_SUCCESS";
  await retryOnConflict(() =>
    transaction(ctx.db, async (tx) => {
      const current = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
      if (current.status !== "PENDING" || current.qrCode !== null) return;
      const data = paidElsewhere ? { alipayOutTradeNo, nextCheckAt: ctx.now() } : { status: "FAILED", nextCheckAt: null };
      await updateOrder(tx, current, data);
      await appendEvent(tx, orderId, paidElsewhere ? "PAID_ELSEWHERE" : "FAILED", "API", { alipayOutTradeNo, ...details });
    }),
  );
  if (paidElsewhere) return (await syncOrder(ctx, orderId, "API")).order;
  throw new PaymentError("ORDER_NOT_PAYABLE", `Alipay will not take payments under ${alipayOutTradeNo} (${String(details.subCode)}): create the order under a new outTradeNo`, details);
}

/**
 * Creates the order and its QR, or returns the existing order for the same outTradeNo and request
 * (precreating again when it has no QR yet). A different request under a used outTradeNo is a conflict.
 */
export async function createOrder(ctx: PaymentsContext, input: CreateOrderInput): Promise<CreateOrderResult> {
  const hash = requestHash(input);
  // The common case, on the driver: a new order, stored with its first attempt.
  const row = newOrderRow(input, hash, ctx.now());
  const reserved = await insertOrderFast(ctx, row, createdDetail(row));
  if (reserved) return { created: true, order: await precreate(ctx, row, true, reserved) };
  const existing = input.outTradeNo ? await ctx.db.order.findUnique({ where: { outTradeNo: input.outTradeNo } }) : null;
  const { created, order } = existing ? { created: false, order: existing } : await insertOrder(ctx, input, hash);
  if (!created && order.requestHash !== hash) {
    throw new PaymentError("CONFLICT", "An order with this outTradeNo exists with different fields", { outTradeNo: order.outTradeNo, id: order.id });
  }
  if (order.qrCode !== null || order.status !== "PENDING") return { created, order };
  return { created, order: await precreate(ctx, order, created) };
}
