// Notification intake (alipay-protocol.md §4): the raw request is stored before anything else, then
// decoded by its own charset, verified by rule V1 with the configured key (RSA2 pinned), checked
// against our app, seller and order (§4.5), and applied as a fact. The reply says whether Alipay
// should send it again: `success` once it is recorded and settled, `failure` when a retry could help
// (the signature did not verify, or our side failed).
import "server-only";
import { FormDecodeError, decodeForm } from "@/lib/alipay/form";
import { type NotifySignatureVerdict, verifyNotifySignature } from "@/lib/alipay/notify";
import { parseAlipayTime } from "@/lib/alipay/time";
import { parseYuanStrict } from "@/lib/money";
import type { TradeFact, TradeStatus } from "@/lib/orders/trade-facts";
import type { PaymentsContext } from "./context";
import { applyTradeFact } from "./facts";
import { appendEvent, transaction } from "./store";
import { applyFastNotification } from "./notify-fast";
import { insertRawNotification } from "./notify-raw";
import { SELF_TEST_NOTIFY_TYPE, receiveSelfTest } from "./self-test";
import { requestCheck } from "./sync";

/** SELF_TEST: the go-live self-test's own notification (self-test.ts), verified with its key, no order. */
export type NotificationOutcome = "APPLIED" | "DUPLICATE" | "STALE" | "REJECTED" | "UNKNOWN_ORDER" | "SELF_TEST" | "ERROR";
export type NotificationReply = "success" | "failure";

export type IncomingNotification = {
  body: Buffer;
  contentType: string | null;
  sourceAddress: string | null;
  /** The body's real size when `body` was cut short by the reader (over the cap). */
  declaredSize?: number;
};

export type Check = { check: string; ok: boolean; detail?: string };

export type ProcessedNotification = {
  id: number;
  outcome: NotificationOutcome;
  reply: NotificationReply;
  signature: NotifySignatureVerdict;
  checks: Check[];
  orderId: string | null;
};

const TRADE_STATUSES: readonly TradeStatus[] = ["WAIT_BUYER_PAY", "TRADE_SUCCESS", "TRADE_FINISHED", "TRADE_CLOSED"];

export type StoredNotification = { id: number; body: Buffer; truncated: boolean; bodySize: number };

/** Step 1: the exact bytes, before any parsing. Throws when the database cannot take them. */
export async function storeRawNotification(ctx: PaymentsContext, incoming: IncomingNotification): Promise<StoredNotification> {
  const cap = ctx.settings.maxNotificationBytes;
  const size = Math.max(incoming.body.length, incoming.declaredSize ?? 0);
  const truncated = size > cap;
  const stored = truncated ? incoming.body.subarray(0, cap) : incoming.body;
  const raw = { receivedAt: ctx.now(), body: stored, bodySize: size, truncated, contentType: incoming.contentType?.slice(0, 200) ?? null, sourceAddress: incoming.sourceAddress };
  const id =
    (await insertRawNotification(ctx, raw)) ??
    (await transaction(ctx.db, (tx) =>
      tx.notification.create({
        data: { receivedAt: raw.receivedAt, rawBody: new Uint8Array(stored), bodySize: size, truncated, contentType: raw.contentType, sourceAddress: raw.sourceAddress },
        select: { id: true },
      }),
    )).id;
  return { id, body: stored, truncated, bodySize: size };
}

type Parsed = {
  params: Record<string, string>;
  charset: string;
  signature: NotifySignatureVerdict;
  checks: Check[];
  error: string | null;
};

export function parse(ctx: PaymentsContext, body: Buffer, truncated: boolean, bodySize: number): Parsed {
  if (truncated) {
    const error = `body of ${bodySize} bytes is over the ${ctx.settings.maxNotificationBytes}-byte limit`;
    return { params: {}, charset: "", signature: "MALFORMED", checks: [{ check: "form", ok: false, detail: error }], error };
  }
  let decoded;
  try {
    decoded = decodeForm(body);
  } catch (error) {
    const detail = error instanceof FormDecodeError ? error.message : `cannot decode: ${(error as Error).message}`;
    return { params: {}, charset: "", signature: "MALFORMED", checks: [{ check: "form", ok: false, detail }], error: detail };
  }
  const { params, charset } = decoded;
  const { verdict } = verifyNotifySignature(params, ctx.settings.alipayPublicKey, charset);
  const checks: Check[] = [
    { check: "form", ok: true, detail: `${Object.keys(params).length} parameters, ${charset}` },
    { check: "signature", ok: verdict === "VALID", detail: `RSA2 (V1): ${verdict}` },
  ];
  return { params, charset, signature: verdict, checks, error: verdict === "VALID" ? null : `signature ${verdict}` };
}

export function factFrom(params: Record<string, string>): { fact: TradeFact | null; problems: string[] } {
  const problems: string[] = [];
  for (const field of ["out_trade_no", "trade_no", "trade_status", "total_amount"]) {
    if (!params[field]) problems.push(`${field} is missing`);
  }
  const status = params.trade_status as TradeStatus;
  if (params.trade_status && !TRADE_STATUSES.includes(status)) problems.push(`trade_status ${params.trade_status} is unknown`);
  const totalFen = params.total_amount ? parseYuanStrict(params.total_amount) : null;
  if (params.total_amount && totalFen === null) problems.push(`total_amount ${params.total_amount} is not a two-decimal amount`);
  const refundFen = params.refund_fee ? parseYuanStrict(params.refund_fee) : undefined;
  if (refundFen === null) problems.push(`refund_fee ${params.refund_fee} is not a two-decimal amount`);
  if (problems.length > 0 || totalFen === null) return { fact: null, problems };
  return {
    fact: {
      tradeNo: params.trade_no!,
      tradeStatus: status,
      totalFen,
      refundFen: refundFen ?? undefined,
      buyerId: params.buyer_id || params.buyer_open_id || undefined,
      buyerLogonId: params.buyer_logon_id || undefined,
      paidAt: (params.gmt_payment && parseAlipayTime(params.gmt_payment)) || undefined,
      closedAt: (params.gmt_close && parseAlipayTime(params.gmt_close)) || undefined,
    },
    problems,
  };
}

/** §4.5: a genuine notification must be for our app (and seller), a trade status sync, and complete. */
export function identityChecks(ctx: PaymentsContext, params: Record<string, string>, problems: string[]): Check[] {
  const { app_id: appId, seller_id: sellerId } = params;
  const checks: Check[] = [{ check: "app_id", ok: appId === ctx.settings.appId, detail: appId ? `${appId}` : "missing" }];
  if (ctx.settings.sellerId) checks.push({ check: "seller_id", ok: sellerId === ctx.settings.sellerId, detail: sellerId || "missing" });
  checks.push({ check: "notify_type", ok: params.notify_type === "trade_status_sync", detail: params.notify_type ?? "missing" });
  checks.push({ check: "fields", ok: problems.length === 0, detail: problems.join("; ") || undefined });
  return checks;
}

/** The order an Alipay-side out_trade_no belongs to (through its precreate attempt), in one query. */
export async function findOrder(ctx: PaymentsContext, alipayOutTradeNo: string | undefined): Promise<{ id: string; amountFen: number } | null> {
  if (!alipayOutTradeNo) return null;
  const attempt = await ctx.db.precreateAttempt.findUnique({ where: { alipayOutTradeNo }, select: { order: { select: { id: true, amountFen: true } } } });
  return attempt?.order ?? null;
}

/** One log line per notification: what it named, what became of it, and which path took it. */
function logOutcome(
  ctx: PaymentsContext,
  params: Record<string, string>,
  fields: { notificationId: number; verdict: NotifySignatureVerdict; outcome: NotificationOutcome; reply: NotificationReply; path: "driver" | "prisma"; error?: string | null },
): void {
  const line = { outTradeNo: params.out_trade_no, notifyId: params.notify_id, tradeNo: params.trade_no, tradeStatus: params.trade_status, ...fields };
  if (fields.outcome === "REJECTED") ctx.log.warn("alipay.notify.rejected", line);
  else ctx.log.info("alipay.notify.processed", line);
}

type Settled = { charset: string; signature: NotifySignatureVerdict; checks: Check[]; outcome: NotificationOutcome; error: string | null; reply: NotificationReply; orderId: string | null };

/** Writes what became of a stored notification: its fields, verdict, checks, outcome and reply. */
async function settle(ctx: PaymentsContext, id: number, params: Record<string, string>, settled: Settled): Promise<void> {
  await transaction(ctx.db, (tx) =>
    tx.notification.updateMany({
      where: { id },
      data: {
        charset: settled.charset || params.charset || null,
        notifyId: params.notify_id ?? null,
        notifyType: params.notify_type ?? null,
        appId: params.app_id ?? null,
        outTradeNo: params.out_trade_no ?? null,
        tradeNo: params.trade_no ?? null,
        tradeStatus: params.trade_status ?? null,
        outBizNo: params.out_biz_no ?? null,
        signature: settled.signature,
        checks: JSON.stringify(settled.checks),
        outcome: settled.outcome,
        error: settled.error,
        reply: settled.reply,
        orderId: settled.orderId,
        processedAt: ctx.now(),
      },
    }),
  );
}

/** Steps 2 to 4 for a stored notification. Throws only when the database fails. */
export async function processNotification(ctx: PaymentsContext, stored: StoredNotification): Promise<ProcessedNotification> {
  const { id } = stored;
  const parsed = parse(ctx, stored.body, stored.truncated, stored.bodySize);
  const { params, checks } = parsed;
  if (params.notify_type === SELF_TEST_NOTIFY_TYPE && parsed.charset) {
    const test = await receiveSelfTest(ctx, id, params, parsed.charset as "utf-8" | "gbk");
    const reply: NotificationReply = test.outcome === "SELF_TEST" ? "success" : "failure";
    await settle(ctx, id, params, { charset: parsed.charset, signature: test.signature, checks: test.checks, outcome: test.outcome, error: test.error, reply, orderId: null });
    logOutcome(ctx, params, { notificationId: id, verdict: test.signature, outcome: test.outcome, reply, path: "prisma", error: test.error });
    return { id, outcome: test.outcome, reply, signature: test.signature, checks: test.checks, orderId: null };
  }
  const { fact, problems } = factFrom(params);
  if (parsed.signature === "VALID") {
    checks.push(...identityChecks(ctx, params, problems));
    // The common case, on the driver directly (notify-fast.ts); anything unusual comes back null.
    if (fact && !params.out_biz_no && checks.every((check) => check.ok)) {
      const fast = await applyFastNotification(ctx, { id, params, charset: parsed.charset, signature: parsed.signature, checks, fact });
      if (fast) {
        logOutcome(ctx, params, { notificationId: id, verdict: parsed.signature, outcome: fast.outcome, reply: "success", path: "driver" });
        return { id, outcome: fast.outcome, reply: "success", signature: parsed.signature, checks, orderId: fast.orderId };
      }
    }
  }
  const order = await findOrder(ctx, params.out_trade_no);
  const orderId = order?.id ?? null;
  let outcome: NotificationOutcome;
  let error = parsed.error;

  if (parsed.signature !== "VALID") {
    outcome = "REJECTED";
  } else {
    checks.push({ check: "order", ok: order !== null, detail: params.out_trade_no ?? "missing" });
    if (order && fact) checks.push({ check: "total_amount", ok: fact.totalFen === order.amountFen, detail: `${fact.totalFen} fen vs ${order.amountFen} fen ordered` });
    const failed = checks.filter((check) => !check.ok);
    if (!order && failed.every((check) => check.check === "order")) {
      outcome = "UNKNOWN_ORDER";
      error = `no order for out_trade_no ${params.out_trade_no}`;
    } else if (failed.length > 0 && failed.some((check) => check.check !== "total_amount")) {
      outcome = "REJECTED";
      error = failed.map((check) => `${check.check}: ${check.detail ?? "failed"}`).join("; ");
      if (orderId) await transaction(ctx.db, (tx) => appendEvent(tx, orderId, "NOTIFICATION_REJECTED", "NOTIFY", { notificationId: id, error }, id));
    } else {
      // The amount check is the state machine's too: a mismatch is flagged on the order there.
      const applied = await applyTradeFact(ctx, orderId!, fact!, { source: "NOTIFY", notificationId: id, refundRequestNo: params.out_biz_no || undefined });
      outcome = applied.outcome;
      if (applied.anomalies.length > 0) error = `anomalies: ${applied.anomalies.join(", ")}`;
    }
  }
  // Never believed; but Alipay itself is asked about the order it names (step 5), by the worker.
  if (outcome === "REJECTED" && orderId) await requestCheck(ctx, orderId);
  // A retry can only help when the signature did not verify (a key fixed later lets it through).
  const reply: NotificationReply = parsed.signature === "VALID" ? "success" : "failure";
  await settle(ctx, id, params, { charset: parsed.charset, signature: parsed.signature, checks, outcome, error, reply, orderId });
  logOutcome(ctx, params, { notificationId: id, verdict: parsed.signature, outcome, reply, path: "prisma", error });
  return { id, outcome, reply, signature: parsed.signature, checks, orderId };
}

/**
 * The whole intake. `failure` with `ok: false` means our side failed (the database): the request may not
 * even be stored, and Alipay's retry will bring it again.
 */
export async function receiveNotification(
  ctx: PaymentsContext,
  incoming: IncomingNotification,
): Promise<{ ok: true; result: ProcessedNotification } | { ok: false; reply: "failure"; error: string; notificationId: number | null }> {
  let id: number | null = null;
  try {
    const stored = await storeRawNotification(ctx, incoming);
    id = stored.id;
    return { ok: true, result: await processNotification(ctx, stored) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.error("alipay.notify.failed", { notificationId: id, error: message });
    if (id !== null) {
      await transaction(ctx.db, (tx) => tx.notification.updateMany({ where: { id: id! }, data: { outcome: "ERROR", error: message.slice(0, 2000), reply: "failure", processedAt: ctx.now() } })).catch(() => {});
    }
    return { ok: false, reply: "failure", error: message, notificationId: id };
  }
}
