// One notification as a card: what was sent, to where, with which faults, and every attempt as a row
// (copies of a duplicated attempt share its number). Used by /notifications and /trades/<no>.
import { html, truncate, type Html } from "./html";
import type { PageCtx } from "./layout";
import { badge, tradeLink, type NotificationView } from "./parts";

type Attempt = NotificationView["attempts"][number];

const RESPONSE_PREVIEW = 80;
// What tells one refund notification from another (alipay-protocol.md §4.3).
const REFUND_PARAMS = ["refund_fee", "out_biz_no"] as const;

function attemptRow(p: PageCtx, n: NotificationView, a: Attempt): Html {
  const body = a.response_body;
  const response = body === null ? html`<span class="muted">—</span>` : html`<span class="resp" title="${body}">${truncate(body, RESPONSE_PREVIEW) || '""'}</span>`;
  const fullResponse = body !== null && body.length > RESPONSE_PREVIEW ? html`<div class="pre-label">${p.t("a.response")}</div><pre>${body}</pre>` : null;
  return html`<div role="row">
  <span role="cell">#${a.attempt}</span>
  <span role="cell" class="muted">${a.copy === 0 ? "" : `+${a.copy}`}</span>
  <span role="cell" class="nowrap">${a.at}</span>
  <span role="cell">${badge(p.t, a.outcome)}</span>
  <span role="cell">${a.http_status ?? "—"}</span>
  <span role="cell">${response}</span>
  <span role="cell" class="err small">${a.error ?? ""}</span>
  <span role="cell" class="r">${a.latency_ms === null ? "—" : `${a.latency_ms} ms`}</span>
  <details role="cell" data-key="req-${n.id}-${a.attempt}-${a.copy}"><summary>${p.t("a.request")}</summary><pre>${a.request_body}</pre>${fullResponse}</details>
</div>`;
}

function attemptsTable(p: PageCtx, n: NotificationView): Html {
  if (n.attempts.length === 0) return html`<div class="notif-meta">${p.t("n.noAttempts")}</div>`;
  const heads = ["a.attempt", "a.copy", "a.time", "a.outcome", null, "a.response", "a.error", "a.latency", "a.request"] as const;
  return html`<div class="attempts" role="table" aria-label="${p.t("a.attempt")} · ${n.notify_id}">
  <div role="row">${heads.map((key) => html`<span role="columnheader"${key === "a.latency" ? html` class="r"` : null}>${key === null ? "HTTP" : p.t(key)}</span>`)}</div>
  ${n.attempts.map((a) => attemptRow(p, n, a))}
</div>`;
}

function sendAgain(p: PageCtx, n: NotificationView): Html {
  if (n.status === "SUPPRESSED") return html`<button type="button" disabled title="${p.t("n.notResendable")}">${p.t("n.sendAgain")}</button>`;
  return html`<button type="button" data-post="/api/notifications/${n.id}/resend" data-done="resent">${p.t("n.sendAgain")}</button>`;
}

export function notificationCard(p: PageCtx, n: NotificationView, opts: { showOrder: boolean }): Html {
  const waiting = n.status === "PENDING" || n.status === "HELD";
  return html`<article class="card notif" aria-label="notification ${n.id}">
  <div class="notif-head">
    <b class="mono">#${n.id}</b>
    ${opts.showOrder ? tradeLink(n.out_trade_no) : null}
    <span class="badge info" title="event">${n.event}</span>
    <span class="mono small">trade_status=${n.trade_status}${REFUND_PARAMS.map((k) => (n.params[k] ? ` ${k}=${n.params[k]}` : ""))}</span>
    ${badge(p.t, n.status)}
    <span class="muted small">${p.t("n.attempts", { n: n.attempts_made })}</span>
    ${n.faults.length > 0 ? html`<span class="small muted">${p.t("n.faults")}:</span> ${n.faults.map((f) => html`<span class="chip">${f}</span>`)}` : null}
    <span class="spacer"></span>
    ${sendAgain(p, n)}
  </div>
  <div class="notif-meta">
    <span>notify_url <b class="mono">${n.notify_url}</b></span>
    <span>notify_id <b class="mono">${n.notify_id}</b></span>
    <span>charset <b class="mono">${n.charset}</b></span>
    <span>${p.t("col.created")} <b>${n.created_at}</b></span>
    ${waiting && n.next_attempt_at ? html`<span>${p.t("n.nextAttempt")} <b>${n.next_attempt_at}</b></span>` : null}
    ${n.delivered_at ? html`<span>${p.t("n.delivered")} <b>${n.delivered_at}</b></span>` : null}
  </div>
  ${attemptsTable(p, n)}
</article>`;
}
