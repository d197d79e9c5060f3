// GET / – the sandbox home: what it is, its configuration, the recent orders (scanned or not) and the
// active faults.
import { formatAlipayTime } from "@/lib/alipay/time";
import type { SandboxContext } from "../context";
import { precreateDto, tradeDto } from "../http/dto";
import { listFaults } from "../faults/store";
import { describeKeys } from "../keys";
import { findTradeByPrecreate } from "../store/trades";
import type { Fault } from "../faults/store";
import { faultHelpHtml } from "./fault-help";
import { faultScope, remaining } from "./faults-page";
import { html, type Html } from "./html";
import type { PageCtx } from "./layout";
import { badge, formatOffset, orderState, tradeLink, yuan, type PageResult } from "./parts";
import { listPrecreates } from "../store/precreates";

const RECENT = 30;

function configCard(ctx: SandboxContext, p: PageCtx): Html {
  const c = ctx.config;
  const advance = ["1h", "2h", "1d"].map(
    (d) => html`<button type="button" data-post="/api/clock" data-body='${JSON.stringify({ advance: d })}'>+${d}</button>`,
  );
  return html`<section class="card"><h2>${p.t("home.config")}</h2><dl class="kv cols2">
    <dt>app_id</dt><dd class="mono">${c.appId}</dd>
    <dt>${p.t("home.gateway")}</dt><dd class="mono">${c.publicUrl}/gateway.do</dd>
    <dt>seller_id</dt><dd class="mono">${c.sellerId}</dd>
    <dt>${p.t("home.timeScale")}</dt><dd>×${c.timeScale}</dd>
    <dt>seller_email</dt><dd class="mono">${c.sellerEmail}</dd>
    <dt>${p.t("home.clockOffset")}</dt><dd>${formatOffset(ctx.clock.offsetMs())}</dd>
    <dt>${p.t("home.alipayKey")}</dt><dd class="mono small">${describeKeys(ctx.keys).alipayPublicKeyFingerprint}</dd>
    <dt>${p.t("home.now")}</dt><dd>${formatAlipayTime(new Date(ctx.clock.now()))}</dd>
    <dt>${p.t("home.advance")}</dt><dd class="row">${advance}</dd>
  </dl></section>`;
}

function ordersCard(ctx: SandboxContext, p: PageCtx): Html {
  const now = ctx.clock.now();
  const rows = listPrecreates(ctx.db, ctx.config.appId, RECENT).map((row) => {
    const precreate = precreateDto(row, now);
    const tradeRow = findTradeByPrecreate(ctx.db, row.id);
    const trade = tradeRow ? tradeDto(tradeRow) : null;
    return html`<tr>
      <td>${tradeLink(precreate.out_trade_no)}</td>
      <td class="num">${yuan(precreate.total_amount)}</td>
      <td>${precreate.subject}</td>
      <td>${badge(p.t, orderState(precreate, trade))}</td>
      <td class="small">${trade?.buyer_logon_id ?? ""}</td>
      <td class="nowrap small">${precreate.created_at}</td>
    </tr>`;
  });
  const table =
    rows.length === 0
      ? html`<p class="empty">${p.t("home.noOrders")}</p>`
      : html`<table><thead><tr><th>${p.t("col.outTradeNo")}</th><th class="num">${p.t("col.amount")}</th><th>${p.t("col.subject")}</th><th>${p.t("col.status")}</th><th>${p.t("col.buyer")}</th><th>${p.t("col.created")}</th></tr></thead><tbody>${rows}</tbody></table>`;
  return html`<section class="card"><h2>${p.t("home.orders")}</h2>${table}</section>`;
}

function faultsList(p: PageCtx, faults: Fault[]): Html {
  if (faults.length === 0) return html`<p class="empty">${p.t("home.noFaults")}</p>`;
  const items = faults.map(
    (f) => html`<li><span class="chip">${f.kind}</span> <span class="small">${faultScope(p, f)}</span>
      <span class="small muted"> · ${remaining(p, f)}</span><div class="small muted">${faultHelpHtml(f.kind, p.lang)}</div></li>`,
  );
  return html`<ul class="fault-list">${items}</ul>`;
}

export function renderHome(ctx: SandboxContext, p: PageCtx): PageResult {
  const faults = listFaults(ctx.db);
  const partial = html`${configCard(ctx, p)}<div class="grid2 grid-home">
    ${ordersCard(ctx, p)}
    <section class="card"><div class="card-head"><h2>${p.t("home.faults")} (${faults.length})</h2><a href="/faults">${p.t("nav.faults")} →</a></div>${faultsList(p, faults)}</section>
  </div>`;
  const body = html`<main><h1>${p.t("home.title")}</h1><p class="lead">${p.t("home.tagline")}</p><div data-live>${partial}</div></main>`;
  return { title: p.t("home.title"), body, partial };
}
