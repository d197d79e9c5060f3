// The buyer's view of one QR code: the order as the cashier shows it and what the buyer can do in
// its current state. Every state is derived from the stored precreate and trade, so a reload shows
// the truth; only "abandoned" and action errors arrive as a notice in the URL.
import type { Buyer } from "../ids";
import { html, type Html } from "./html";
import { withParam, type PageCtx } from "./layout";
import { orderState, yuan, type PrecreateView, type TradeView } from "./parts";

export type BuyerCardInput = { precreate: PrecreateView; trade: TradeView | null; buyer: Buyer; merchant: { name: string; id: string } };
/** What the last action left to say: the buyer closed the cashier, or the API refused (in words). */
export type BuyerNotice = { kind: "abandoned" } | { kind: "error"; text: string } | null;

function outcome(kind: "ok" | "bad" | "muted", title: string, body: Html | string): Html {
  const icon = kind === "ok" ? "✓" : kind === "bad" ? "!" : "–";
  return html`<div class="outcome ${kind}" role="status"><div class="outcome-icon" aria-hidden="true">${icon}</div><h2>${title}</h2><p>${body}</p></div>`;
}

function actions(p: PageCtx, input: BuyerCardInput, scanned: boolean): Html {
  return html`<div class="actions" data-qr="${input.precreate.qr_code}" data-buyer="${input.buyer.buyerId}">
    <button type="button" class="pay" data-buyer-action="pay">${p.t("buyer.pay")} ${yuan(input.precreate.total_amount)}</button>
    ${scanned ? null : html`<button type="button" class="secondary" data-buyer-action="scan">${p.t("buyer.scanOnly")}</button>`}
    <a class="abandon" href="${withParam(p.url, "notice", "ABANDONED")}">${p.t("buyer.abandon")}</a>
  </div>`;
}

function stateBlock(p: PageCtx, input: BuyerCardInput, abandoned: boolean): Html {
  const { precreate, trade, buyer } = input;
  const state = orderState(precreate, trade);
  if (trade && (state === "TRADE_SUCCESS" || state === "TRADE_FINISHED")) {
    const refunded = trade.refund_fee !== "0.00" ? html`<br>${p.t("buyer.refunded", { amount: trade.refund_fee })}` : null;
    return html`${outcome("ok", p.t("buyer.paidTitle"), html`${state === "TRADE_FINISHED" ? p.t("buyer.finishedBody") : null}${refunded}`)}
    <dl class="kv receipt">
      <dt>${p.t("buyer.tradeNo")}</dt><dd class="mono">${trade.trade_no}</dd>
      <dt>${p.t("buyer.paidAt")}</dt><dd>${trade.gmt_payment ?? "—"}</dd>
      <dt>${p.t("buyer.buyer")}</dt><dd>${trade.buyer_logon_id}</dd>
    </dl>`;
  }
  if (state === "TRADE_CLOSED") return outcome("muted", p.t("buyer.closedTitle"), p.t("buyer.closedBody"));
  if (state === "QR_EXPIRED") return outcome("muted", p.t("buyer.expiredTitle"), p.t("buyer.expiredBody"));
  if (state === "VOIDED") return outcome("muted", p.t("buyer.voidTitle"), p.t("buyer.voidBody"));
  if (trade && trade.buyer_id !== buyer.buyerId) {
    const switchUrl = new URL(p.url);
    switchUrl.searchParams.set("buyer", trade.buyer_id);
    return html`${outcome("bad", p.t("buyer.otherTitle"), p.t("buyer.otherBody", { buyer: trade.buyer_logon_id }))}
    <a class="secondary block" href="${withParam(switchUrl, "notice", null)}">${p.t("buyer.switchTo", { buyer: trade.buyer_logon_id })}</a>`;
  }
  const scanned = trade !== null;
  const note = html`<p class="state-note ${scanned ? "scanned" : ""}">${p.t(scanned ? "buyer.scanned" : "buyer.unscanned")}</p>`;
  if (abandoned) {
    const stateWords = scanned ? "WAIT_BUYER_PAY" : p.t("st.AWAITING_SCAN");
    return html`${outcome("muted", p.t("buyer.abandonedTitle"), p.t("buyer.abandonedBody", { state: stateWords }))}
    <a class="secondary block" href="${withParam(p.url, "notice", null)}">${p.t("buyer.reopen")}</a>`;
  }
  return html`${note}${actions(p, input, scanned)}`;
}

export function buyerCard(p: PageCtx, input: BuyerCardInput, notice: BuyerNotice): Html {
  const { precreate } = input;
  const alert = notice?.kind === "error" ? html`<div class="alert" role="alert">${notice.text}</div>` : null;
  return html`<section class="cashier" aria-label="${p.t("buyer.title")}">
  ${alert}
  <div class="merchant"><span class="merchant-logo" aria-hidden="true">商</span><div><b>${input.merchant.name}</b><div class="small muted mono">${input.merchant.id}</div></div></div>
  <div class="amount" aria-label="${p.t("col.amount")}"><span class="currency">¥</span>${precreate.total_amount}</div>
  <p class="subject">${precreate.subject}</p>
  <dl class="kv order">
    <dt>${p.t("buyer.orderNo")}</dt><dd class="mono">${precreate.out_trade_no}</dd>
  </dl>
  ${stateBlock(p, input, notice?.kind === "abandoned")}
  ${input.trade === null && !precreate.qr_expired && !precreate.voided ? html`<p class="small muted center">${p.t("buyer.qrValid", { time: precreate.qr_expires_at ?? "" })}</p>` : null}
</section>`;
}
