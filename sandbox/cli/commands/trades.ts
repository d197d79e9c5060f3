// Trades: the list, one order in full (precreate, trade, refunds, notifications), and the end of
// the refund window.
import { intFlag } from "../args";
import type { Command } from "../command";
import type { TradeDetailDto, TradeDto } from "../dto";
import { formatFields, formatTable, paintStatus, truncate } from "../format";
import { renderNotification, renderTrade } from "../views";

const path = (outTradeNo: string) => `/api/trades/${encodeURIComponent(outTradeNo)}`;

export const tradesCommand: Command = {
  name: "trades",
  group: "Trades",
  usage: "[--status WAIT_BUYER_PAY|TRADE_SUCCESS|TRADE_CLOSED|TRADE_FINISHED] [--limit N]",
  summary: "trades, newest first (an order becomes a trade when its QR is scanned)",
  flags: ["status", "limit"],
  positionals: [0, 0],
  async run(ctx) {
    const data = await ctx.api.get<{ trades: TradeDto[] }>("/api/trades", { status: ctx.flags.status, limit: intFlag("limit", ctx.flags.limit, 1, 1000) ?? 20 });
    if (data.trades.length === 0) return { data, text: "No trades. An order becomes a trade when its QR is scanned." };
    const text = formatTable(
      data.trades,
      [
        { header: "OUT_TRADE_NO", value: (t) => t.out_trade_no },
        { header: "STATUS", value: (t) => t.trade_status, paint: paintStatus(ctx.style) },
        { header: "AMOUNT", value: (t) => t.total_amount },
        { header: "REFUNDED", value: (t) => (t.refund_fee === "0.00" ? null : t.refund_fee) },
        { header: "BUYER", value: (t) => t.buyer_id },
        { header: "CREATED (Beijing)", value: (t) => t.gmt_create },
        { header: "PAID", value: (t) => t.gmt_payment },
        { header: "TRADE_NO", value: (t) => t.trade_no },
      ],
      ctx.style,
    );
    return { data, text };
  },
};

export const tradeCommand: Command = {
  name: "trade",
  group: "Trades",
  usage: "<out_trade_no>",
  summary: "one order: precreate, trade, refunds, notifications and their tries",
  flags: [],
  positionals: [1, 1],
  async run(ctx) {
    const data = await ctx.api.get<TradeDetailDto>(path(ctx.args[0]!));
    const { precreate: p, trade, refunds, notifications } = data;
    const { bold, dim } = ctx.style;
    const sections = [
      bold("Precreate"),
      formatFields(
        [
          ["out_trade_no", p.out_trade_no],
          ["total_amount", p.total_amount],
          ["subject", truncate(p.subject, 60)],
          ["qr_code", p.qr_code],
          ["qr_expires_at", `${p.qr_expires_at}${p.qr_expired ? " (expired)" : ""}${p.voided ? " (voided)" : ""}`],
          ["trade_expires_at", p.trade_expires_at],
          ["notify_url", p.notify_url],
          ["charset", p.charset],
          ["created_at", p.created_at],
        ],
        ctx.style,
      ),
      "",
      bold("Trade"),
      trade ? renderTrade(trade, ctx.style) : dim("  not scanned yet"),
    ];
    if (refunds.length > 0) {
      const rows = formatTable(
        refunds,
        [
          { header: "OUT_REQUEST_NO", value: (r) => r.out_request_no },
          { header: "AMOUNT", value: (r) => r.refund_amount },
          { header: "AT (Beijing)", value: (r) => r.gmt_refund_pay },
          { header: "REASON", value: (r) => r.refund_reason },
        ],
        ctx.style,
        "  ",
      );
      sections.push("", bold("Refunds"), rows);
    }
    sections.push("", bold("Notifications"), notifications.length > 0 ? notifications.map((n) => renderNotification(n, ctx.style)).join("\n\n") : dim("  none"));
    return { data, text: sections.join("\n") };
  },
};

export const finishCommand: Command = {
  name: "finish",
  group: "Trades",
  usage: "<out_trade_no>",
  summary: "end the refund window: TRADE_SUCCESS → TRADE_FINISHED, notified",
  flags: [],
  positionals: [1, 1],
  async run(ctx) {
    const data = await ctx.api.post<{ trade: TradeDto }>(`${path(ctx.args[0]!)}/finish`);
    return { data, text: `Finished ${data.trade.out_trade_no}; a FINISH notification is on its way.\n${renderTrade(data.trade, ctx.style)}` };
  },
};
