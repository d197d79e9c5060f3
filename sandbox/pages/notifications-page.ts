// GET /notifications – the attempts page: every notification, newest first, filtered by order and
// status in the URL, each with all its delivery attempts; the list refreshes itself in place.
import type { SandboxContext } from "../context";
import { notificationDto } from "../http/dto";
import { listNotifications, type NotificationStatus } from "../store/notifications";
import { html } from "./html";
import type { PageCtx } from "./layout";
import { notificationCard } from "./notification-view";
import type { PageResult } from "./parts";

const STATUSES: NotificationStatus[] = ["PENDING", "HELD", "SENDING", "DELIVERED", "FAILED", "SUPPRESSED"];
const LIMIT = 100;

export function renderNotifications(ctx: SandboxContext, p: PageCtx): PageResult {
  const outTradeNo = p.url.searchParams.get("out_trade_no")?.trim() || undefined;
  const asked = p.url.searchParams.get("status") ?? "";
  const status = STATUSES.find((s) => s === asked);
  const rows = listNotifications(ctx.db, { outTradeNo, status, limit: LIMIT }).map((row) => notificationDto(ctx, row));

  const partial = rows.length === 0 ? html`<p class="card empty">${p.t("n.none")}</p>` : html`${rows.map((n) => notificationCard(p, n, { showOrder: true }))}`;
  const options = STATUSES.map((s) => html`<option value="${s}"${s === status ? html` selected` : null}>${s} · ${p.t(`st.${s}`)}</option>`);
  const body = html`<main>
  <div class="card-head"><div><h1>${p.t("n.title")}</h1><p class="lead">${p.t("n.intro")}</p></div><span class="live" data-live-status>${p.t("n.live")}</span></div>
  <form class="card filters" method="get" action="/notifications" role="search">
    <label class="field"><span>out_trade_no</span><input name="out_trade_no" value="${outTradeNo ?? ""}" size="30" autocomplete="off"></label>
    <label class="field"><span>${p.t("col.status")}</span><select name="status"><option value="">${p.t("all")}</option>${options}</select></label>
    <button class="primary" type="submit">${p.t("n.filter")}</button>
    ${outTradeNo || status ? html`<a class="btn" href="/notifications">${p.t("n.clear")}</a>` : null}
  </form>
  <div data-live>${partial}</div>
</main>`;
  return { title: p.t("n.title"), body, partial };
}
