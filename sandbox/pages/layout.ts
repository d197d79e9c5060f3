// The shared page shell: the sandbox bar, the top nav with the language switch, the stylesheet and
// the client scripts. Pages hand it their title and body.
import { html, jsonBlock, raw, type Html } from "./html";
import type { Lang, MessageKey, Translate } from "./i18n";
import { STYLES } from "./styles";

export type PageCtx = { lang: Lang; t: Translate; url: URL };
export type NavItem = "home" | "buyer" | "notifications" | "faults";

const NAV: Array<[NavItem, string, MessageKey]> = [
  ["home", "/", "nav.home"],
  ["buyer", "/buyer", "nav.buyer"],
  ["notifications", "/notifications", "nav.notifications"],
  ["faults", "/faults", "nav.faults"],
];

// Strings the client scripts show; the server picks the language so the scripts stay dumb.
const CLIENT_KEYS: MessageKey[] = ["busy", "done", "resent", "err.NETWORK", "err.generic", "f.badJson", "n.live", "n.paused"];

/** The current URL with one query parameter changed (and the fragment-only ones dropped). */
export function withParam(url: URL, name: string, value: string | null): string {
  const next = new URL(url);
  for (const transient of ["partial", "notice", "detail"]) next.searchParams.delete(transient);
  if (value === null) next.searchParams.delete(name);
  else next.searchParams.set(name, value);
  return `${next.pathname}${next.search}`;
}

export function langSwitch(p: PageCtx): Html {
  const link = (lang: Lang, label: string) =>
    html`<a href="${withParam(p.url, "lang", lang)}" hreflang="${lang === "zh" ? "zh-CN" : "en"}" aria-current="${String(p.lang === lang)}">${label}</a>`;
  return html`<nav class="langs" aria-label="Language">${link("zh", "中文")}${link("en", "English")}</nav>`;
}

function topBar(p: PageCtx, active: NavItem | null): Html {
  const items = NAV.map(([id, href, key]) => html`<a href="${href}"${raw(active === id ? ' aria-current="page"' : "")}>${p.t(key)}</a>`);
  return html`<div class="sandbox-bar">${p.t("notReal")}</div>
<header class="top"><div class="top-in">
  <a class="brand" href="/"><span class="logo" aria-hidden="true">支</span>${p.t("brand")} <span class="tag">SANDBOX</span></a>
  <nav class="nav" aria-label="Sandbox">${items}</nav>
  ${langSwitch(p)}
</div></header>`;
}

export type PageOptions = {
  title: string;
  body: Html;
  /** Replaces the developer top bar (the buyer's phone page has its own). */
  header?: Html;
  active?: NavItem | null;
  scripts?: string[];
  styles?: string;
};

export function layout(p: PageCtx, opts: PageOptions): string {
  const clientText = Object.fromEntries(CLIENT_KEYS.map((key) => [key, p.t(key)]));
  const scripts = ["sandbox", ...(opts.scripts ?? [])].map((name) => html`<script src="/assets/${name}.js" defer></script>`);
  return `<!doctype html>${html`<html lang="${p.lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${opts.title} · ${p.t("brand")}</title>
<style>${raw(STYLES)}${raw(opts.styles ?? "")}</style>
${jsonBlock("sbx-text", clientText)}
${scripts}
</head>
<body>
${opts.header ?? topBar(p, opts.active ?? null)}
${opts.body}
</body>
</html>`}`;
}
