// GET /faults – the active faults with remove buttons, and a form that adds one through POST /api/faults.
import { formatAlipayTime } from "@/lib/alipay/time";
import type { SandboxContext } from "../context";
import { BILL_FAULTS, GATEWAY_FAULTS, NOTIFY_EVENTS, NOTIFY_FAULTS, type FaultKind } from "../faults/kinds";
import { listFaults, type Fault } from "../faults/store";
import { METHOD_NAMES } from "../gateway/methods";
import { defaultParams, faultHelp, faultHelpHtml } from "./fault-help";
import { html, type Html } from "./html";
import type { PageCtx } from "./layout";
import { tradeLink, type PageResult } from "./parts";

export function remaining(p: PageCtx, f: Fault): string {
  return f.remaining === null ? p.t("untilRemoved") : p.t("remainingN", { n: f.remaining });
}

/** Which calls or notifications a fault applies to. */
export function faultScope(p: PageCtx, f: Fault): Html {
  const parts = [
    f.outTradeNo ? html`out_trade_no ${tradeLink(f.outTradeNo)}` : null,
    f.method ? html`<span class="mono">${f.method}</span>` : null,
    f.event ? html`event <span class="mono">${f.event}</span>` : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? html`<span class="muted">${p.t("everything")}</span>` : html`${parts.map((part, i) => html`${i > 0 ? " · " : ""}${part}`)}`;
}

function faultsTable(p: PageCtx, faults: Fault[]): Html {
  if (faults.length === 0) return html`<p class="empty">${p.t("home.noFaults")}</p>`;
  const rows = faults.map(
    (f) => html`<tr>
    <td class="num muted">${f.id}</td>
    <td><span class="chip">${f.kind}</span><div class="small muted">${faultHelpHtml(f.kind, p.lang)}</div></td>
    <td>${faultScope(p, f)}</td>
    <td class="mono small">${Object.keys(f.params).length === 0 ? "—" : JSON.stringify(f.params)}</td>
    <td class="num">${remaining(p, f)}</td>
    <td class="nowrap small">${formatAlipayTime(new Date(f.createdAt))}</td>
    <td class="num"><button type="button" class="danger" data-method="DELETE" data-post="/api/faults/${f.id}" aria-label="${p.t("remove")} #${f.id} ${f.kind}">${p.t("remove")}</button></td>
  </tr>`,
  );
  return html`<table><thead><tr><th class="num">#</th><th>${p.t("col.kind")}</th><th>${p.t("col.scope")}</th><th>${p.t("col.params")}</th><th class="num">${p.t("col.remaining")}</th><th>${p.t("col.created")}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function kindOptions(p: PageCtx, kinds: readonly FaultKind[]): Html {
  return html`${kinds.map((k) => html`<option value="${k}" data-help="${faultHelp(k, p.lang)}" data-params="${defaultParams(k)}">${k}</option>`)}`;
}

function addForm(p: PageCtx): Html {
  const first = NOTIFY_FAULTS[0];
  return html`<form class="card" id="fault-form" aria-labelledby="fault-form-title">
  <h2 id="fault-form-title">${p.t("f.add")}</h2>
  <div class="filters">
    <label class="field"><span>${p.t("col.kind")}</span><select name="kind" required>
      <optgroup label="${p.t("f.notifyKinds")}">${kindOptions(p, NOTIFY_FAULTS)}</optgroup>
      <optgroup label="${p.t("f.gatewayKinds")}">${kindOptions(p, GATEWAY_FAULTS)}</optgroup>
      <optgroup label="${p.t("f.billKinds")}">${kindOptions(p, BILL_FAULTS)}</optgroup>
    </select></label>
    <p class="small kind-help" data-kind-help>${faultHelpHtml(first, p.lang)}</p>
  </div>
  <div class="filters mt">
    <label class="field"><span>${p.t("f.onlyOrder")}</span><input name="outTradeNo" size="26" autocomplete="off"></label>
    <label class="field"><span>${p.t("f.onlyMethod")}</span><select name="method"><option value="">${p.t("all")}</option>${[...METHOD_NAMES].map((m) => html`<option>${m}</option>`)}</select></label>
    <label class="field"><span>${p.t("f.onlyEvent")}</span><select name="event"><option value="">${p.t("all")}</option>${NOTIFY_EVENTS.map((e) => html`<option>${e}</option>`)}</select></label>
    <label class="field"><span>${p.t("f.count")}</span><input name="count" type="number" min="1" step="1" class="count"></label>
  </div>
  <label class="field mt"><span>${p.t("f.params")}</span><textarea name="params" rows="2" placeholder="${defaultParams(first)}"></textarea></label>
  <p class="err small" data-form-error role="alert"></p>
  <button class="primary" type="submit">${p.t("f.add")}</button>
</form>`;
}

export function renderFaults(ctx: SandboxContext, p: PageCtx): PageResult {
  const faults = listFaults(ctx.db);
  const body = html`<main>
  <h1>${p.t("f.title")}</h1><p class="lead">${p.t("f.intro")}</p>
  <section class="card"><div class="card-head"><h2>${p.t("home.faults")} (${faults.length})</h2>
    ${faults.length > 0 ? html`<button type="button" class="danger" data-method="DELETE" data-post="/api/faults">${p.t("removeAll")}</button>` : null}</div>
    ${faultsTable(p, faults)}
  </section>
  ${addForm(p)}
</main>`;
  return { title: p.t("f.title"), body, scripts: ["faults"] };
}
