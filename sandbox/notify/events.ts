// Builds the trade_status_sync a status change owes the merchant (alipay-protocol.md §4.2–4.3) and
// queues it with whatever faults apply. The signature is made per attempt (notify_time changes).
import { formatYuan } from "@/lib/money";
import { formatAlipayTime, formatAlipayTimeMillis } from "@/lib/alipay/time";
import type { SandboxContext } from "../context";
import type { NotifyEvent } from "../faults/kinds";
import { takeNotifyFaults, type Fault } from "../faults/store";
import { newNotifyId } from "../ids";
import { findPrecreateById } from "../store/precreates";
import { insertNotification, type NotificationRow } from "../store/notifications";
import type { RefundRow, TradeRow } from "../store/trades";

function time(ms: number | null): string | undefined {
  return ms === null ? undefined : formatAlipayTime(new Date(ms));
}

export function buildNotifyParams(ctx: SandboxContext, trade: TradeRow, event: NotifyEvent, refund?: RefundRow): Record<string, string> {
  const precreate = findPrecreateById(ctx.db, trade.precreate_id)!;
  const paid = trade.gmt_payment !== null;
  const total = formatYuan(trade.total_amount);
  const params: Record<string, string | undefined> = {
    notify_type: "trade_status_sync",
    app_id: trade.app_id,
    auth_app_id: trade.app_id,
    charset: precreate.charset.toLowerCase() === "utf-8" ? "utf-8" : precreate.charset.toLowerCase(),
    version: "1.0",
    trade_no: trade.trade_no,
    out_trade_no: trade.out_trade_no,
    buyer_id: trade.buyer_id,
    buyer_logon_id: trade.buyer_logon_id,
    seller_id: precreate.seller_id,
    seller_email: ctx.config.sellerEmail,
    trade_status: trade.status,
    total_amount: total,
    subject: precreate.subject,
    body: precreate.body ?? undefined,
    passback_params: precreate.passback_params ?? undefined,
    gmt_create: time(trade.gmt_create),
    gmt_payment: time(trade.gmt_payment),
    gmt_close: trade.status === "TRADE_CLOSED" || trade.status === "TRADE_FINISHED" ? time(trade.gmt_close) : undefined,
  };
  if (paid) {
    Object.assign(params, {
      receipt_amount: total,
      invoice_amount: total,
      buyer_pay_amount: total,
      point_amount: "0.00",
      fund_bill_list: JSON.stringify([{ amount: total, fundChannel: "ALIPAYACCOUNT" }]),
    });
  }
  if (event === "REFUND" && refund) {
    Object.assign(params, {
      refund_fee: formatYuan(trade.refund_fee),
      gmt_refund: formatAlipayTimeMillis(new Date(refund.gmt_refund_pay)),
      out_biz_no: refund.out_request_no,
    });
  }
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function scaled(ctx: SandboxContext, seconds: number): number {
  return Math.round((seconds * 1000) / ctx.config.timeScale);
}

/** Queues the notification for a status change; returns null when the trade has no notify_url. */
export function emitNotification(ctx: SandboxContext, trade: TradeRow, event: NotifyEvent, refund?: RefundRow): NotificationRow | null {
  const precreate = findPrecreateById(ctx.db, trade.precreate_id)!;
  const notifyUrl = refund?.notify_url ?? precreate.notify_url;
  if (!notifyUrl) return null;
  const now = ctx.clock.now();
  const faults = takeNotifyFaults(ctx.db, trade.out_trade_no, event);
  const byKind = new Map<string, Fault>(faults.map((f) => [f.kind, f]));
  const params = buildNotifyParams(ctx, trade, event, refund);

  let status: NotificationRow["status"] = "PENDING";
  let nextAttemptAt: number | null = now;
  if (byKind.has("never_sent")) [status, nextAttemptAt] = ["SUPPRESSED", null];
  else if (byKind.has("out_of_order")) [status, nextAttemptAt] = ["HELD", now + scaled(ctx, Number(byKind.get("out_of_order")!.params.holdSeconds))];
  else if (byKind.has("delay")) nextAttemptAt = now + scaled(ctx, Number(byKind.get("delay")!.params.seconds));

  const row = insertNotification(ctx.db, {
    trade_no: trade.trade_no,
    out_trade_no: trade.out_trade_no,
    notify_id: newNotifyId(now),
    trade_status: trade.status,
    event,
    notify_url: notifyUrl,
    charset: byKind.has("gbk") ? "gbk" : params.charset!,
    params: JSON.stringify(params),
    faults: JSON.stringify(faults.map(({ id, kind, params: p }) => ({ id, kind, params: p }))),
    status,
    extra_copies: byKind.has("duplicate") ? Number(byKind.get("duplicate")!.params.times) : 0,
    drop_attempts: byKind.has("drop") ? Number(byKind.get("drop")!.params.attempts) : 0,
    next_attempt_at: nextAttemptAt,
    created_at: now,
  });
  ctx.log.info("sandbox.notify.queued", { outTradeNo: trade.out_trade_no, tradeNo: trade.trade_no, notifyId: row.notify_id, event, status, faults: faults.map((f) => f.kind) });
  if (status === "PENDING") ctx.wake();
  return row;
}
