// GET /buyer and GET /qr/<token> – "the buyer's Alipay app" on a phone: pick the buyer, open a QR
// code (pasted, or the QR URL itself), then pay or abandon. The actions are the JSON API's
// (/api/buyer/scan, /api/buyer/pay), called by assets/buyer.js, which reloads with the outcome.
import type { IncomingMessage } from "node:http";
import type { SandboxContext } from "../context";
import { precreateDto, tradeDto } from "../http/dto";
import { isBuyerId, resolveBuyer, SANDBOX_BUYERS, type Buyer } from "../ids";
import { findPrecreate, findPrecreateByToken } from "../store/precreates";
import { findTradeByPrecreate } from "../store/trades";
import { buyerCard, type BuyerNotice } from "./buyer-card";
import { BUYER_STYLES } from "./buyer-styles";
import { html, type Html } from "./html";
import { hasMessage } from "./i18n";
import { langSwitch, type PageCtx } from "./layout";
import type { PageResult } from "./parts";

export const BUYER_COOKIE = "sbx_buyer";

function chooseBuyer(req: IncomingMessage, url: URL): { buyer: Buyer; remember: boolean } {
  const asked = url.searchParams.get("buyer") ?? "";
  if (isBuyerId(asked)) return { buyer: resolveBuyer(asked), remember: true };
  const cookie = /(?:^|;\s*)sbx_buyer=(2088\d{12})(?:;|$)/.exec(req.headers.cookie ?? "");
  return { buyer: resolveBuyer(cookie?.[1]), remember: false };
}

function readNotice(p: PageCtx): BuyerNotice {
  const code = p.url.searchParams.get("notice") ?? "";
  if (code === "ABANDONED") return { kind: "abandoned" };
  if (!/^[A-Z_]{1,40}$/.test(code)) return null;
  const detail = (p.url.searchParams.get("detail") ?? "").slice(0, 300);
  const key = `err.${code}`;
  return { kind: "error", text: hasMessage(key) ? p.t(key, { detail }) : p.t("err.generic", { code, detail }) };
}

function header(p: PageCtx): Html {
  return html`<div class="sandbox-bar">${p.t("buyer.banner")}</div>
<header class="phone-top"><a class="back" href="/" aria-label="${p.t("nav.home")}">‹</a><b>${p.t("buyer.title")}</b><span class="tag">SANDBOX</span><span class="spacer"></span>${langSwitch(p)}</header>`;
}

function buyerPicker(p: PageCtx, buyer: Buyer): Html {
  const buyers = SANDBOX_BUYERS.some((b) => b.buyerId === buyer.buyerId) ? SANDBOX_BUYERS : [...SANDBOX_BUYERS, buyer];
  const keep = [...p.url.searchParams].filter(([name]) => !["buyer", "notice", "detail", "partial"].includes(name));
  return html`<form class="picker" method="get" action="${p.url.pathname}">
  <label for="buyer">${p.t("buyer.payAs")}</label>
  <select id="buyer" name="buyer" data-autosubmit>${buyers.map(
    (b) => html`<option value="${b.buyerId}"${b.buyerId === buyer.buyerId ? html` selected` : null}>${b.buyerLogonId} (…${b.buyerId.slice(-4)})</option>`,
  )}</select>
  ${keep.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  <noscript><button type="submit">${p.t("buyer.switch")}</button></noscript>
</form>`;
}

function openForm(p: PageCtx, value: string): Html {
  return html`<form class="open" method="get" action="/buyer">
  <label for="qr">${p.t("buyer.input")}</label>
  <div class="open-row"><input id="qr" name="qr" value="${value}" placeholder="${p.t("buyer.placeholder")}" autocomplete="off" spellcheck="false" required><button type="submit" class="primary">${p.t("buyer.open")}</button></div>
</form>`;
}

function message(kind: "waiting" | "notFound", p: PageCtx): Html {
  const [title, body, icon] = kind === "waiting" ? (["buyer.waitingTitle", "buyer.waitingBody", "QR"] as const) : (["buyer.notFoundTitle", "buyer.notFoundBody", "?"] as const);
  return html`<section class="cashier"><div class="outcome ${kind === "waiting" ? "waiting" : "bad"}" role="status"><div class="outcome-icon" aria-hidden="true">${icon}</div><h2>${p.t(title)}</h2><p>${p.t(body)}</p></div></section>`;
}

/** `ref` is what the buyer opened: a QR URL, its token, or an out_trade_no; null for nothing yet. */
export function renderBuyer(ctx: SandboxContext, p: PageCtx, req: IncomingMessage, ref: string | null, fromQrUrl: boolean): PageResult {
  const { buyer, remember } = chooseBuyer(req, p.url);
  const cookies = remember ? [`${BUYER_COOKIE}=${buyer.buyerId}; Path=/; Max-Age=31536000; SameSite=Lax`] : [];
  const trimmed = ref?.trim() ?? "";
  const token = trimmed.split(/[/?#]/).filter(Boolean).pop() ?? "";
  const row = trimmed === "" ? undefined : (findPrecreateByToken(ctx.db, token) ?? findPrecreate(ctx.db, ctx.config.appId, trimmed));

  let content: Html;
  if (trimmed === "") content = message("waiting", p);
  else if (!row) content = message("notFound", p);
  else {
    const tradeRow = findTradeByPrecreate(ctx.db, row.id);
    const input = {
      precreate: precreateDto(row, ctx.clock.now()),
      trade: tradeRow ? tradeDto(tradeRow) : null,
      buyer,
      merchant: { name: ctx.config.sellerEmail, id: row.seller_id },
    };
    content = buyerCard(p, input, readNotice(p));
  }
  const body = html`<main class="phone">
  ${buyerPicker(p, buyer)}
  ${fromQrUrl ? null : openForm(p, trimmed)}
  ${content}
  ${fromQrUrl || trimmed !== "" ? html`<p class="center"><a href="/buyer">${p.t("buyer.openAnother")}</a></p>` : null}
</main>`;
  return { status: trimmed !== "" && !row ? 404 : 200, title: p.t("buyer.title"), header: header(p), body, scripts: ["buyer"], styles: BUYER_STYLES, cookies };
}
