// An alert's figures in words, for the page, the live lists and the robots: each figure a message of its
// own (Alerts.detail.<key>, zh-CN and en) with its value, amounts in fen read as yuan, codes (a
// notification's outcome, an order's status) named, moments as dates; empty ones and keys no rule writes
// left out, so a field's name never reaches a reader. Pure: the caller brings its language's words.
import { formatYuan } from "@/lib/money";

/** Every figure a rule writes (lib/alerts/find.ts, lib/payments/cert-alert.ts). */
export const DETAIL_KEYS = [
  "count",
  "windowMinutes",
  "lastNotificationId",
  "lastSource",
  "notificationId",
  "outTradeNo",
  "outcome",
  "error",
  "paidFen",
  "status",
  "refundedFen",
  "refunds",
  "sharePercent",
  "minutes",
  "pendingOrders",
  "lastNotificationAt",
  "buyerId",
  "payments",
  "thresholdYuan",
  "receivedSn",
  "loadedSn",
  "method",
] as const;

export type DetailKey = (typeof DETAIL_KEYS)[number];
export type AlertDetail = { [K in DetailKey]?: string | number | null };

export type DetailWords = {
  /** The figure's message (Alerts.detail.<key>) with `{value}`. */
  figure(key: DetailKey, value: string): string;
  /** A notification's outcome (NotificationOutcome.<code>). */
  outcome(code: string): string;
  /** An order's status (OrderStatus.<code>). */
  orderStatus(code: string): string;
  dateTime(at: Date): string;
};

function isDetailKey(key: string): key is DetailKey {
  return (DETAIL_KEYS as readonly string[]).includes(key);
}

function valueText(key: DetailKey, value: string | number, words: DetailWords): string {
  if (/Fen$/.test(key) && typeof value === "number") return formatYuan(value);
  if (key === "outcome") return words.outcome(String(value));
  if (key === "status") return words.orderStatus(String(value));
  if (key === "lastNotificationAt") {
    const at = new Date(String(value));
    return Number.isNaN(at.getTime()) ? String(value) : words.dateTime(at);
  }
  return String(value);
}

export function detailLines(detail: Record<string, unknown>, words: DetailWords): string[] {
  return Object.entries(detail).flatMap(([key, value]) =>
    isDetailKey(key) && (typeof value === "number" || (typeof value === "string" && value !== "")) ? [words.figure(key, valueText(key, value, words))] : [],
  );
}
