// The buyer's side: scan a QR (opens the cashier, creates the trade) or pay it (scans first when
// needed); paying queues the PAYMENT notification, and `pay` waits briefly to show its first try.
import { isBuyerId } from "../../ids";
import type { Api } from "../client";
import type { Command, CommandContext } from "../command";
import type { NotificationDto, TradeDto } from "../dto";
import { ApiError, UsageError } from "../errors";
import { renderNotification, renderTrade } from "../views";

const WAIT_MS = 5000;
const POLL_MS = 100;

const looksLikeQr = (ref: string) => /^https?:\/\//.test(ref) || ref.includes("/qr/");

/** Sends the reference as out_trade_no, then as a bare QR token if no order has that number. */
async function asBuyer(api: Api, action: "scan" | "pay", ref: string, buyerId: string | undefined): Promise<TradeDto> {
  const call = (target: Record<string, string>) => api.post<{ trade: TradeDto }>(`/api/buyer/${action}`, { ...target, buyer_id: buyerId });
  if (looksLikeQr(ref)) return (await call({ qr_code: ref })).trade;
  try {
    return (await call({ out_trade_no: ref })).trade;
  } catch (error) {
    if (error instanceof ApiError && error.code === "QR_NOT_FOUND") return (await call({ qr_code: ref })).trade;
    throw error;
  }
}

function buyerOf(ctx: CommandContext): string | undefined {
  const buyer = ctx.flags.buyer;
  if (buyer !== undefined && !isBuyerId(buyer)) throw new UsageError(`--buyer must be a 2088… buyer id (16 digits), got '${buyer}'`);
  return buyer;
}

// attempts_made counts a try once all its copies (duplicate fault) are in; a delayed one is not coming soon.
const settled = (n: NotificationDto) => n.attempts_made > 0 || !["PENDING", "SENDING"].includes(n.status) || n.faults.includes("delay");

/** The PAYMENT notification once its first try is over (or it is not going out soon). */
async function waitForPaymentNotice(api: Api, outTradeNo: string): Promise<NotificationDto | null> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const { notifications } = await api.get<{ notifications: NotificationDto[] }>("/api/notifications", { out_trade_no: outTradeNo, limit: 20 });
    const payment = notifications.find((n) => n.event === "PAYMENT") ?? null;
    if (!payment || settled(payment) || Date.now() > deadline) return payment;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export const scanCommand: Command = {
  name: "scan",
  group: "Buyer",
  usage: "<qr_code|out_trade_no> [--buyer 2088…]",
  summary: "scan the QR: the trade exists now, WAIT_BUYER_PAY",
  flags: ["buyer"],
  positionals: [1, 1],
  async run(ctx) {
    const trade = await asBuyer(ctx.api, "scan", ctx.args[0]!, buyerOf(ctx));
    return { data: { trade }, text: `Scanned ${trade.out_trade_no}\n${renderTrade(trade, ctx.style)}` };
  },
};

export const payCommand: Command = {
  name: "pay",
  group: "Buyer",
  usage: "<qr_code|out_trade_no> [--buyer 2088…] [--no-wait]",
  summary: "scan if needed and pay; shows the PAYMENT notification's first try",
  flags: ["buyer", "no-wait"],
  positionals: [1, 1],
  async run(ctx) {
    const trade = await asBuyer(ctx.api, "pay", ctx.args[0]!, buyerOf(ctx));
    const notification = ctx.flags["no-wait"] ? null : await waitForPaymentNotice(ctx.api, trade.out_trade_no);
    const lines = [`Paid ${trade.out_trade_no}`, renderTrade(trade, ctx.style), ""];
    if (notification) lines.push(renderNotification(notification, ctx.style));
    else if (!ctx.flags["no-wait"]) lines.push(ctx.style.dim("No notification: the precreate had no notify_url."));
    lines.push(ctx.style.dim(`Follow it with: npm run sandbox -- attempts ${trade.out_trade_no}`));
    return { data: { trade, notification }, text: lines.join("\n") };
  },
};
