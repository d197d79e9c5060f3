// Small pieces the pages share: status badges, the state of an order before and after the scan, the
// page result type, and the DTO types the pages render (the same objects the JSON API returns).
import type { notificationDto, precreateDto, tradeDetail, tradeDto } from "../http/dto";
import { html, type Html } from "./html";
import { hasMessage, type Translate } from "./i18n";

export type PrecreateView = ReturnType<typeof precreateDto>;
export type TradeView = ReturnType<typeof tradeDto>;
export type NotificationView = ReturnType<typeof notificationDto>;
export type TradeDetailView = NonNullable<ReturnType<typeof tradeDetail>>;

export type PageResult = {
  status?: number;
  title: string;
  body: Html;
  /** What `?partial=1` returns: the live region the client script refreshes in place. */
  partial?: Html;
  header?: Html;
  scripts?: string[];
  styles?: string;
  cookies?: string[];
};

/** Before the scan there is no trade (§3.1): an order is then awaiting scan, expired or voided. */
export type OrderState = TradeView["trade_status"] | "AWAITING_SCAN" | "QR_EXPIRED" | "VOIDED";

export function orderState(precreate: PrecreateView, trade: TradeView | null): OrderState {
  if (trade) return trade.trade_status;
  if (precreate.voided) return "VOIDED";
  return precreate.qr_expired ? "QR_EXPIRED" : "AWAITING_SCAN";
}

const TONES: Record<string, string> = {
  AWAITING_SCAN: "info",
  WAIT_BUYER_PAY: "warn",
  TRADE_SUCCESS: "ok",
  TRADE_FINISHED: "ok",
  PENDING: "info",
  HELD: "warn",
  SENDING: "info",
  DELIVERED: "ok",
  FAILED: "bad",
  ACKED: "ok",
  REJECTED: "bad",
  ERROR: "bad",
  DROPPED: "warn",
};

// States the sandbox names itself are shown in words; Alipay's own values stay verbatim (the
// merchant's code and logs use them), with the words as a tooltip.
const OWN_STATES = new Set(["AWAITING_SCAN", "QR_EXPIRED", "VOIDED"]);

export function badge(t: Translate, value: string): Html {
  const key = `st.${value}`;
  const words = hasMessage(key) ? t(key) : value;
  const text = OWN_STATES.has(value) ? words : value;
  return html`<span class="badge ${TONES[value] ?? ""}" title="${words}">${text}</span>`;
}

export function yuan(amount: string): string {
  return `¥${amount}`;
}

export function tradeLink(outTradeNo: string): Html {
  return html`<a class="mono" href="/trades/${encodeURIComponent(outTradeNo)}">${outTradeNo}</a>`;
}

export function qrPath(qrCode: string): string {
  const token = qrCode.split(/[/?#]/).filter(Boolean).pop() ?? "";
  return `/qr/${encodeURIComponent(token)}`;
}

export function formatOffset(ms: number): string {
  if (ms === 0) return "0";
  const minutes = Math.round(ms / 60_000);
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  return `+${[d && `${d}d`, h && `${h}h`, (m || (!d && !h)) && `${m}m`].filter(Boolean).join(" ")}`;
}
