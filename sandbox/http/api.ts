// The sandbox's JSON API: the buyer's app, trades, notifications and their attempts, faults, the
// clock. The CLI and the tests drive the sandbox through it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { MAX_ADVANCE_MS } from "../clock";
import type { SandboxContext } from "../context";
import { TradeError } from "../context";
import { newFaultSchema } from "../faults/kinds";
import { addFault, clearFaults, listFaults, removeFault } from "../faults/store";
import { isBuyerId, resolveBuyer } from "../ids";
import { describeCerts } from "../certs";
import { rotateAlipayCert } from "../cert-mode";
import { describeKeys } from "../keys";
import { getNotification, listNotifications, requeue } from "../store/notifications";
import { findPrecreateByToken } from "../store/precreates";
import { findTrade, findTradeByPrecreate, listTrades } from "../store/trades";
import { BuyerError, findQr, payQr, scanQr } from "../trades/buyer";
import { finishTrade } from "../trades/lifecycle";
import { notificationDto, precreateDto, tradeDetail, tradeDto } from "./dto";
import { HttpError, readJson, sendJson } from "./io";
import { parseDuration } from "./duration";

const buyerSchema = z
  .object({
    qr_code: z.string().min(1).max(1024).optional(),
    out_trade_no: z.string().min(1).max(64).optional(),
    buyer_id: z.string().refine(isBuyerId, "must be a 2088… buyer id (16 digits)").optional(),
  })
  .refine((b) => b.qr_code || b.out_trade_no, "give qr_code or out_trade_no");

const clockSchema = z.object({ advance: z.union([z.string(), z.number().positive()]) });

/** A path segment, decoded; a malformed escape is the caller's error, not a crash. */
function pathParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "INVALID_PATH", `malformed escape in the path: ${segment.slice(0, 80)}`);
  }
}

function limitOf(url: URL): number {
  const limit = Number(url.searchParams.get("limit") ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, "INVALID_LIMIT", "limit must be an integer from 1 to 1000");
  return limit;
}

function mapBuyerError(error: unknown): never {
  if (error instanceof BuyerError) throw new HttpError(error.code === "QR_NOT_FOUND" ? 404 : 409, error.code, error.message);
  throw error;
}

type Handler = (ctx: SandboxContext, req: IncomingMessage, url: URL, match: RegExpMatchArray) => Promise<unknown> | unknown;

const routes: Array<[string, RegExp, Handler]> = [
  ["GET", /^\/api\/health$/, (ctx) => ({ ok: true, app_id: ctx.config.appId, now: new Date(ctx.clock.now()).toISOString() })],
  ["GET", /^\/api\/config$/, (ctx) => ({
    app_id: ctx.config.appId,
    seller_id: ctx.config.sellerId,
    gateway_url: `${ctx.config.publicUrl}/gateway.do`,
    time_scale: ctx.config.timeScale,
    clock_offset_ms: ctx.clock.offsetMs(),
    ...describeKeys(ctx.keys),
    // Certificate mode: the three public certificates the console configures (never a private key).
    cert_mode: ctx.certs ? describeCerts(ctx.certs) : null,
  })],
  ["POST", /^\/api\/cert\/rotate$/, (ctx) => {
    if (!ctx.certs) throw new HttpError(409, "CERT_MODE_OFF", "certificate mode is off: start the sandbox with SANDBOX_CERT_MODE=1");
    return { cert_mode: describeCerts(rotateAlipayCert(ctx)) };
  }],
  ["POST", /^\/api\/buyer\/scan$/, async (ctx, req) => {
    const input = await readJson(req, buyerSchema);
    try {
      return { trade: tradeDto(scanQr(ctx, findQr(ctx, { qrCode: input.qr_code, outTradeNo: input.out_trade_no }), resolveBuyer(input.buyer_id))) };
    } catch (error) {
      mapBuyerError(error);
    }
  }],
  ["POST", /^\/api\/buyer\/pay$/, async (ctx, req) => {
    const input = await readJson(req, buyerSchema);
    try {
      return { trade: tradeDto(payQr(ctx, findQr(ctx, { qrCode: input.qr_code, outTradeNo: input.out_trade_no }), resolveBuyer(input.buyer_id))) };
    } catch (error) {
      mapBuyerError(error);
    }
  }],
  ["GET", /^\/api\/qr\/([a-z0-9]+)$/, (ctx, _req, _url, m) => {
    const precreate = findPrecreateByToken(ctx.db, m[1]!);
    if (!precreate) throw new HttpError(404, "QR_NOT_FOUND", "二维码无效或已被新的预下单替换");
    const trade = findTradeByPrecreate(ctx.db, precreate.id);
    return { precreate: precreateDto(precreate, ctx.clock.now()), trade: trade ? tradeDto(trade) : null };
  }],
  ["GET", /^\/api\/trades$/, (ctx, _req, url) => ({
    trades: listTrades(ctx.db, { status: url.searchParams.get("status") ?? undefined, outTradeNo: url.searchParams.get("out_trade_no") ?? undefined, limit: limitOf(url) }).map(tradeDto),
  })],
  ["GET", /^\/api\/trades\/([^/]+)$/, (ctx, _req, _url, m) => {
    const detail = tradeDetail(ctx, pathParam(m[1]!));
    if (!detail) throw new HttpError(404, "NOT_FOUND", `no precreate for out_trade_no ${pathParam(m[1]!)}`);
    return detail;
  }],
  ["POST", /^\/api\/trades\/([^/]+)\/finish$/, (ctx, _req, _url, m) => {
    const trade = findTrade(ctx.db, ctx.config.appId, { outTradeNo: pathParam(m[1]!) });
    if (!trade) throw new HttpError(404, "TRADE_NOT_EXIST", "no trade for that out_trade_no (not scanned yet?)");
    try {
      return { trade: tradeDto(finishTrade(ctx, trade)) };
    } catch (error) {
      if (error instanceof TradeError) throw new HttpError(409, error.subCode, error.message);
      throw error;
    }
  }],
  ["POST", /^\/api\/trades\/([^/]+)\/notify$/, (ctx, _req, _url, m) => {
    const [latest] = listNotifications(ctx.db, { outTradeNo: pathParam(m[1]!), limit: 1 });
    if (!latest) throw new HttpError(404, "NO_NOTIFICATION", "that trade has no notification to send again");
    requeue(ctx.db, latest.id, ctx.clock.now());
    ctx.wake();
    return { notification: notificationDto(ctx, getNotification(ctx.db, latest.id)!) };
  }],
  ["GET", /^\/api\/notifications$/, (ctx, _req, url) => ({
    notifications: listNotifications(ctx.db, { outTradeNo: url.searchParams.get("out_trade_no") ?? undefined, status: url.searchParams.get("status") ?? undefined, limit: limitOf(url) }).map((n) => notificationDto(ctx, n)),
  })],
  ["GET", /^\/api\/notifications\/(\d+)$/, (ctx, _req, _url, m) => {
    const row = getNotification(ctx.db, Number(m[1]));
    if (!row) throw new HttpError(404, "NOT_FOUND", `no notification ${m[1]}`);
    return { notification: notificationDto(ctx, row) };
  }],
  ["POST", /^\/api\/notifications\/(\d+)\/resend$/, (ctx, _req, _url, m) => {
    if (!requeue(ctx.db, Number(m[1]), ctx.clock.now())) throw new HttpError(409, "NOT_RESENDABLE", `notification ${m[1]} does not exist or was never to be sent`);
    ctx.wake();
    return { notification: notificationDto(ctx, getNotification(ctx.db, Number(m[1]))!) };
  }],
  ["GET", /^\/api\/faults$/, (ctx) => ({ faults: listFaults(ctx.db) })],
  ["POST", /^\/api\/faults$/, async (ctx, req) => ({ fault: addFault(ctx.db, await readJson(req, newFaultSchema), ctx.clock.now()) })],
  ["DELETE", /^\/api\/faults$/, (ctx, _req, url) => ({ removed: clearFaults(ctx.db, url.searchParams.get("out_trade_no") ?? undefined) })],
  ["DELETE", /^\/api\/faults\/(\d+)$/, (ctx, _req, _url, m) => {
    if (!removeFault(ctx.db, Number(m[1]))) throw new HttpError(404, "NOT_FOUND", `no fault ${m[1]}`);
    return { removed: 1 };
  }],
  ["GET", /^\/api\/clock$/, (ctx) => ({ now: new Date(ctx.clock.now()).toISOString(), offset_ms: ctx.clock.offsetMs() })],
  ["POST", /^\/api\/clock$/, async (ctx, req) => {
    const { advance } = await readJson(req, clockSchema);
    const ms = typeof advance === "number" ? advance * 1000 : parseDuration(advance);
    if (ms === null) throw new HttpError(400, "INVALID_DURATION", "advance must be seconds or a duration like 90s, 10m, 2h, 3d");
    if (ms <= 0 || ms > MAX_ADVANCE_MS) throw new HttpError(400, "INVALID_DURATION", "advance must be more than 0 and at most 400 days");
    ctx.clock.advance(ms);
    ctx.wake();
    return { now: new Date(ctx.clock.now()).toISOString(), offset_ms: ctx.clock.offsetMs() };
  }],
];

/** Answers an /api request; false when no route matches. */
export async function handleApi(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const candidates = routes.filter(([, pattern]) => pattern.test(url.pathname));
  if (candidates.length === 0) return false;
  const route = candidates.find(([method]) => method === req.method);
  if (!route) throw new HttpError(405, "METHOD_NOT_ALLOWED", `${req.method} is not allowed on ${url.pathname}`);
  const result = await route[2](ctx, req, url, url.pathname.match(route[1])!);
  sendJson(res, 200, result);
  return true;
}
