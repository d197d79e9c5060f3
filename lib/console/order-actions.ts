// What an operator does to an order from the console: ask Alipay (preview, then apply), close, refund.
// Each runs as the operator (the order's history names them) and is written to the audit log with the
// order before and after, whether it succeeded or not. Permissions are checked by the route wrapper.
import "server-only";
import { appendAudit, type AuditAction, type AuditOrigin } from "@/lib/audit";
import type { Operator } from "@/lib/auth/users";
import { TRANSACTION_OPTIONS } from "@/lib/db";
import { formatYuan } from "@/lib/money";
import { runAsActor } from "@/lib/payments/actor";
import { closeOrder } from "@/lib/payments/close";
import type { PaymentsContext } from "@/lib/payments/context";
import { PaymentError } from "@/lib/payments/errors";
import { requestRefund } from "@/lib/payments/refunds";
import type { RefundInput } from "@/lib/payments/schemas";
import type { OrderRow } from "@/lib/payments/store";
import { previewSync, syncOrder } from "@/lib/payments/sync";

export type ActionContext = { ctx: PaymentsContext; operator: Operator; origin: AuditOrigin };

/** The order as the audit log keeps it: what an action can change. */
export function orderSnapshot(order: OrderRow) {
  return {
    status: order.status,
    paid: formatYuan(order.paidFen),
    refunded: formatYuan(order.refundedFen),
    refundPending: formatYuan(order.refundPendingFen),
    tradeNo: order.tradeNo,
    anomalies: order.anomalies,
    version: order.version,
  };
}

async function audited<T>(
  { ctx, operator, origin }: ActionContext,
  action: AuditAction,
  orderId: string,
  detail: Record<string, unknown>,
  work: () => Promise<{ result: T; order: OrderRow; detail?: Record<string, unknown> }>,
): Promise<T> {
  const before = await ctx.db.order.findUnique({ where: { id: orderId } });
  if (!before) throw new PaymentError("NOT_FOUND", "No such order", { id: orderId });
  const record = (outcome: "OK" | "FAILED", after: OrderRow | null, extra: Record<string, unknown>) =>
    ctx.db.$transaction(
      (tx) =>
        appendAudit(tx, {
          actor: { id: operator.id, email: operator.email, role: operator.role },
          origin,
          action,
          outcome,
          target: { type: "order", id: orderId },
          before: orderSnapshot(before),
          after: after ? orderSnapshot(after) : undefined,
          detail: { outTradeNo: before.outTradeNo, ...detail, ...extra },
        }),
      TRANSACTION_OPTIONS,
    );
  try {
    const done = await runAsActor(`user:${operator.email}`, work);
    await record("OK", done.order, done.detail ?? {});
    return done.result;
  } catch (error) {
    const after = await ctx.db.order.findUnique({ where: { id: orderId } });
    const reason = error instanceof PaymentError ? { code: error.code, message: error.message } : { code: "INTERNAL", message: "the action failed" };
    await record("FAILED", after, { error: reason });
    throw error;
  }
}

export function previewOrderSync(action: ActionContext, orderId: string) {
  return audited(action, "order.sync", orderId, { step: "preview" }, async () => {
    const preview = await previewSync(action.ctx, orderId, "CONSOLE");
    return { result: preview, order: preview.order, detail: { alipay: preview.alipay, wouldChange: preview.changes } };
  });
}

export function syncOrderFromConsole(action: ActionContext, orderId: string) {
  return audited(action, "order.sync", orderId, { step: "apply" }, async () => {
    const synced = await syncOrder(action.ctx, orderId, "CONSOLE");
    return { result: synced, order: synced.order, detail: { alipay: synced.alipay, outcome: synced.outcome, changes: synced.changes } };
  });
}

export function closeOrderFromConsole(action: ActionContext, orderId: string) {
  return audited(action, "order.close", orderId, {}, async () => {
    const closed = await closeOrder(action.ctx, orderId, "CONSOLE");
    return { result: closed, order: closed.order, detail: { alipay: closed.alipay } };
  });
}

export function refundFromConsole(action: ActionContext, orderId: string, input: RefundInput) {
  return audited(action, "order.refund", orderId, { amount: formatYuan(input.amount), reason: input.reason ?? null, requestNo: input.requestNo ?? null }, async () => {
    const refunded = await requestRefund(action.ctx, orderId, input, "CONSOLE");
    return { result: refunded, order: refunded.order, detail: { refundStatus: refunded.refund.status, outRequestNo: refunded.refund.outRequestNo } };
  });
}
