// GET /trades/<out_trade_no> – everything about one order: the precreate and its QR, the trade once
// scanned, refunds, and each notification with every attempt. Refreshes itself like /notifications.
import QRCode from "qrcode";
import type { SandboxContext } from "../context";
import { tradeDetail } from "../http/dto";
import { html, raw, type Html } from "./html";
import type { PageCtx } from "./layout";
import { notificationCard } from "./notification-view";
import { badge, orderState, qrPath, yuan, type PageResult, type TradeDetailView } from "./parts";

function precreateCard(p: PageCtx, d: TradeDetailView, qrSvg: string): Html {
  const pc = d.precreate;
  return html`<section class="card"><h2>${p.t("trade.precreate")}</h2>
  <div class="kv-row">
  <dl class="kv">
    <dt>total_amount</dt><dd><b>${yuan(pc.total_amount)}</b></dd>
    <dt>subject</dt><dd>${pc.subject}</dd>
    ${pc.body ? html`<dt>body</dt><dd>${pc.body}</dd>` : null}
    <dt>qr_code</dt><dd class="mono">${pc.qr_code}</dd>
    <dt>${p.t("trade.qrExpires")}</dt><dd>${pc.qr_expires_at} ${pc.qr_expired ? badge(p.t, "QR_EXPIRED") : null}</dd>
    <dt>${p.t("trade.tradeExpires")}</dt><dd>${pc.trade_expires_at}</dd>
    <dt>notify_url</dt><dd class="mono">${pc.notify_url ?? "—"}</dd>
    <dt>charset</dt><dd class="mono">${pc.charset}</dd>
    <dt>${p.t("col.created")}</dt><dd>${pc.created_at}</dd>
  </dl>
  <figure class="qr-fig"><div class="qr-svg">${raw(qrSvg)}</div><figcaption class="small muted">${p.t("trade.scanWithPhone")}</figcaption></figure>
  </div></section>`;
}

function tradeCard(p: PageCtx, d: TradeDetailView): Html {
  const tr = d.trade;
  if (!tr) return html`<section class="card"><h2>${p.t("trade.trade")}</h2><p class="muted">${p.t("trade.noTrade")}</p></section>`;
  return html`<section class="card"><h2>${p.t("trade.trade")}</h2><dl class="kv">
    <dt>trade_status</dt><dd>${badge(p.t, tr.trade_status)} <span class="muted small">${p.t(`st.${tr.trade_status}`)}</span></dd>
    <dt>trade_no</dt><dd class="mono">${tr.trade_no}</dd>
    <dt>total_amount</dt><dd>${yuan(tr.total_amount)}</dd>
    <dt>refund_fee</dt><dd>${yuan(tr.refund_fee)}</dd>
    <dt>buyer_logon_id</dt><dd>${tr.buyer_logon_id}</dd>
    <dt>buyer_id</dt><dd class="mono">${tr.buyer_id}</dd>
    <dt>gmt_create</dt><dd>${tr.gmt_create}</dd>
    <dt>gmt_payment</dt><dd>${tr.gmt_payment ?? "—"}</dd>
    <dt>gmt_close</dt><dd>${tr.gmt_close ?? "—"}</dd>
  </dl></section>`;
}

function refundsCard(p: PageCtx, d: TradeDetailView): Html {
  const rows = d.refunds.map(
    (r) => html`<tr><td class="mono">${r.out_request_no}</td><td class="num">${yuan(r.refund_amount)}</td><td>${r.refund_reason ?? ""}</td><td class="nowrap">${r.gmt_refund_pay}</td></tr>`,
  );
  return html`<section class="card"><h2>${p.t("trade.refunds")}</h2>${
    rows.length === 0
      ? html`<p class="muted">${p.t("trade.noRefunds")}</p>`
      : html`<table><thead><tr><th>out_request_no</th><th class="num">refund_amount</th><th>refund_reason</th><th>gmt_refund_pay</th></tr></thead><tbody>${rows}</tbody></table>`
  }</section>`;
}

function actions(p: PageCtx, d: TradeDetailView): Html {
  const no = encodeURIComponent(d.precreate.out_trade_no);
  return html`<div class="row">
    <a class="btn primary" href="${qrPath(d.precreate.qr_code)}">${p.t("trade.openBuyer")}</a>
    ${d.notifications.length > 0 ? html`<button type="button" data-post="/api/trades/${no}/notify" data-done="resent">${p.t("trade.notifyAgain")}</button>` : null}
    ${d.trade?.trade_status === "TRADE_SUCCESS" ? html`<button type="button" data-post="/api/trades/${no}/finish">${p.t("trade.finish")}</button>` : null}
    <a class="btn" href="/notifications?out_trade_no=${no}">${p.t("nav.notifications")}</a>
  </div>`;
}

export async function renderTrade(ctx: SandboxContext, p: PageCtx, outTradeNo: string): Promise<PageResult> {
  const title = p.t("trade.title", { no: outTradeNo });
  const d = tradeDetail(ctx, outTradeNo);
  if (!d) {
    const body = html`<main><h1>${title}</h1><p class="card empty">${p.t("trade.notFound", { no: outTradeNo })}</p></main>`;
    return { status: 404, title, body };
  }
  const qrSvg = await QRCode.toString(d.precreate.qr_code, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  const partial = html`<div class="mb">
    <h1>${title} ${badge(p.t, orderState(d.precreate, d.trade))}</h1>
    <p class="lead">${yuan(d.precreate.total_amount)} · ${d.precreate.subject}</p>
    ${actions(p, d)}
  </div>
  <div class="grid2">${precreateCard(p, d, qrSvg)}<div class="stack">${tradeCard(p, d)}${refundsCard(p, d)}</div></div>
  <h2 class="mt2">${p.t("nav.notifications")} (${d.notifications.length})</h2>
  ${d.notifications.length === 0 ? html`<p class="card empty">${p.t("n.none")}</p>` : d.notifications.map((n) => notificationCard(p, n, { showOrder: false }))}`;
  return { title, body: html`<main><div data-live>${partial}</div></main>`, partial };
}
