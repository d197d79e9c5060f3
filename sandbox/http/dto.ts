// What the sandbox's JSON API and pages show: amounts in yuan strings, times in Beijing time and ISO.
import { formatYuan } from "@/lib/money";
import { formatAlipayTime } from "@/lib/alipay/time";
import type { SandboxContext } from "../context";
import { listAttempts, listNotifications, type AttemptRow, type NotificationRow } from "../store/notifications";
import { findPrecreate, type PrecreateRow } from "../store/precreates";
import { findTradeByPrecreate, listRefunds, type RefundRow, type TradeRow } from "../store/trades";

const time = (ms: number | null) => (ms === null ? null : formatAlipayTime(new Date(ms)));

export function precreateDto(row: PrecreateRow, now: number) {
  return {
    out_trade_no: row.out_trade_no,
    total_amount: formatYuan(row.total_amount),
    subject: row.subject,
    body: row.body,
    qr_code: row.qr_code,
    qr_expires_at: time(row.qr_expires_at),
    qr_expired: row.qr_expires_at <= now,
    trade_expires_at: time(row.trade_expires_at),
    voided: row.voided === 1,
    notify_url: row.notify_url,
    charset: row.charset,
    created_at: time(row.created_at),
  };
}

export function tradeDto(row: TradeRow) {
  return {
    trade_no: row.trade_no,
    out_trade_no: row.out_trade_no,
    trade_status: row.status,
    total_amount: formatYuan(row.total_amount),
    refund_fee: formatYuan(row.refund_fee),
    buyer_id: row.buyer_id,
    buyer_logon_id: row.buyer_logon_id,
    gmt_create: time(row.gmt_create),
    gmt_payment: time(row.gmt_payment),
    gmt_close: time(row.gmt_close),
  };
}

export function refundDto(row: RefundRow) {
  return { out_request_no: row.out_request_no, refund_amount: formatYuan(row.refund_amount), refund_reason: row.refund_reason, gmt_refund_pay: time(row.gmt_refund_pay) };
}

export function attemptDto(row: AttemptRow) {
  return {
    attempt: row.attempt_no,
    copy: row.copy,
    at: time(row.started_at),
    at_iso: new Date(row.started_at).toISOString(),
    outcome: row.outcome,
    http_status: row.http_status,
    response_body: row.response_body,
    error: row.error,
    latency_ms: row.latency_ms,
    request_body: row.request_body,
  };
}

export function notificationDto(ctx: SandboxContext, row: NotificationRow) {
  return {
    id: row.id,
    notify_id: row.notify_id,
    out_trade_no: row.out_trade_no,
    trade_no: row.trade_no,
    event: row.event,
    trade_status: row.trade_status,
    status: row.status,
    notify_url: row.notify_url,
    charset: row.charset,
    faults: (JSON.parse(row.faults) as Array<{ kind: string }>).map((f) => f.kind),
    attempts_made: row.attempts,
    next_attempt_at: time(row.next_attempt_at),
    created_at: time(row.created_at),
    delivered_at: time(row.delivered_at),
    params: JSON.parse(row.params) as Record<string, string>,
    attempts: listAttempts(ctx.db, row.id).map(attemptDto),
  };
}

/** Everything about one out_trade_no: the precreate, the trade if scanned, refunds and notifications. */
export function tradeDetail(ctx: SandboxContext, outTradeNo: string) {
  const precreate = findPrecreate(ctx.db, ctx.config.appId, outTradeNo);
  if (!precreate) return null;
  const trade = findTradeByPrecreate(ctx.db, precreate.id);
  return {
    precreate: precreateDto(precreate, ctx.clock.now()),
    trade: trade ? tradeDto(trade) : null,
    refunds: trade ? listRefunds(ctx.db, trade.trade_no).map(refundDto) : [],
    notifications: listNotifications(ctx.db, { outTradeNo, limit: 200 }).map((n) => notificationDto(ctx, n)),
  };
}
