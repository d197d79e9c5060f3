// The sandbox's HTML pages and their scripts. Returns false when the path is not a page, so the
// server answers its JSON 404. Pages only read; every change goes through the JSON API (/api/*).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "../context";
import { sendHtml } from "../http/io";
import { serveAsset } from "./assets";
import { renderBuyer } from "./buyer-page";
import { renderFaults } from "./faults-page";
import { renderHome } from "./home-page";
import { LANG_COOKIE, resolveLang, translator } from "./i18n";
import { layout, type PageCtx } from "./layout";
import { renderNotifications } from "./notifications-page";
import type { PageResult } from "./parts";
import { renderTrade } from "./trade-page";

// Scripts only from /assets: an escaping slip could still not run injected inline script.
const CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

type Route = (ctx: SandboxContext, p: PageCtx, req: IncomingMessage, param: string) => PageResult | Promise<PageResult>;

const ROUTES: Array<[RegExp, Route]> = [
  [/^\/$/, (ctx, p) => renderHome(ctx, p)],
  [/^\/buyer\/?$/, (ctx, p, req) => renderBuyer(ctx, p, req, p.url.searchParams.get("qr"), false)],
  [/^\/qr\/([^/]+)$/, (ctx, p, req, token) => renderBuyer(ctx, p, req, token, true)],
  [/^\/trades\/([^/]+)$/, (ctx, p, _req, outTradeNo) => renderTrade(ctx, p, outTradeNo)],
  [/^\/notifications\/?$/, (ctx, p) => renderNotifications(ctx, p)],
  [/^\/faults\/?$/, (ctx, p) => renderFaults(ctx, p)],
];

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function handlePage(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (url.pathname.startsWith("/assets/")) return serveAsset(res, url.pathname.slice("/assets/".length));
  const found = ROUTES.map(([pattern, route]) => [url.pathname.match(pattern), route] as const).find(([match]) => match !== null);
  if (!found) return false;
  const [match, route] = found;

  const { lang, remember } = resolveLang(req, url);
  const p: PageCtx = { lang, t: translator(lang), url };
  const result = await route(ctx, p, req, decode(match![1] ?? ""));
  const cookies = [...(result.cookies ?? []), ...(remember ? [`${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`] : [])];
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.setHeader("content-security-policy", CSP);
  if (url.searchParams.get("partial") === "1" && result.partial) sendHtml(res, result.status ?? 200, result.partial.text);
  else sendHtml(res, result.status ?? 200, layout(p, result));
  return true;
}
