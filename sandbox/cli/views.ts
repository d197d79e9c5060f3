// How trades and notifications read on a terminal; shared by pay, trade, attempts and friends.
import type { AttemptDto, NotificationDto, TradeDto } from "./dto";
import { formatFields, formatTable, paintStatus, truncate, type Style } from "./format";

const RESPONSE_WIDTH = 40;

export function renderTrade(trade: TradeDto, style: Style): string {
  return formatFields(
    [
      ["out_trade_no", trade.out_trade_no],
      ["trade_no", trade.trade_no],
      ["trade_status", paintStatus(style)(trade.trade_status)],
      ["total_amount", trade.total_amount],
      ["refund_fee", trade.refund_fee === "0.00" ? null : trade.refund_fee],
      ["buyer", `${trade.buyer_id} (${trade.buyer_logon_id})`],
      ["gmt_create", trade.gmt_create],
      ["gmt_payment", trade.gmt_payment],
      ["gmt_close", trade.gmt_close],
    ],
    style,
  );
}

/** What the merchant sent back, or why nothing came back. */
function answerOf(a: AttemptDto): string {
  if (a.error) return a.error;
  return a.response_body === null ? "" : JSON.stringify(truncate(a.response_body, RESPONSE_WIDTH));
}

export function renderAttempts(attempts: readonly AttemptDto[], style: Style, indent = "  "): string {
  return formatTable(
    attempts,
    [
      { header: "TRY", value: (a) => (a.copy > 0 ? `${a.attempt}.${a.copy}` : a.attempt) },
      { header: "AT (Beijing)", value: (a) => a.at },
      { header: "OUTCOME", value: (a) => a.outcome, paint: paintStatus(style) },
      { header: "HTTP", value: (a) => a.http_status },
      { header: "LATENCY", value: (a) => (a.latency_ms === null ? null : `${a.latency_ms} ms`) },
      { header: "RESPONSE", value: answerOf },
    ],
    style,
    indent,
  );
}

export function renderNotification(n: NotificationDto, style: Style): string {
  const head = [style.bold(`#${n.id}`), n.event, n.trade_status, paintStatus(style)(n.status), n.out_trade_no, style.dim(`→ ${n.notify_url}`)].join("  ");
  const waiting = n.status === "PENDING" || n.status === "HELD";
  const details = [
    `notify_id ${n.notify_id}`,
    `queued ${n.created_at}`,
    waiting && n.next_attempt_at ? `next try ${n.next_attempt_at}` : null,
    n.faults.length > 0 ? `faults: ${n.faults.join(", ")}` : null,
  ].filter(Boolean);
  const body =
    n.attempts.length > 0
      ? renderAttempts(n.attempts, style)
      : style.dim(n.status === "SUPPRESSED" ? "  never sent (fault: never_sent)" : "  no attempts yet");
  return `${head}\n  ${style.dim(details.join("  "))}\n${body}`;
}
