// Where a console request comes from: the address recorded in the audit log and counted by the
// sign-in throttle, and the same-origin check that keeps other sites from acting in an operator's name.
import "server-only";
import type { AuditOrigin } from "@/lib/audit";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(source: HeaderSource, name: string): string | null {
  if (source instanceof Headers) return source.get(name);
  const value = source[name];
  return (Array.isArray(value) ? value.join(",") : value) ?? null;
}

/**
 * The client's address: the entry of X-Forwarded-For that the closest trusted hop wrote. `next start`
 * adds the socket's address only when the header is absent, so with no proxy in front (TRUSTED_PROXY_HOPS
 * = 0) a client can choose what is recorded here; behind one proxy that sets the header, use 1.
 */
export function clientAddress(source: HeaderSource, trustedHops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0)): string | null {
  const hops = (header(source, "x-forwarded-for") ?? "").split(",").map((part) => part.trim()).filter(Boolean);
  const index = hops.length - 1 - (Number.isInteger(trustedHops) && trustedHops > 0 ? trustedHops - 1 : 0);
  return hops[Math.max(0, index)]?.slice(0, 100) ?? null;
}

export function requestOrigin(source: HeaderSource): AuditOrigin {
  return { address: clientAddress(source), userAgent: header(source, "user-agent") };
}

/**
 * A state-changing request must come from the console's own pages: its Origin (or, failing that, its
 * Referer) must be the console's. Browsers always send Origin on cross-site POSTs; the session cookie is
 * SameSite=Lax as well, so a forged form carries no session either.
 */
export function isSameOrigin(source: HeaderSource, appUrl: string): boolean {
  const expected = new URL(appUrl).origin;
  const host = header(source, "x-forwarded-host") ?? header(source, "host");
  const proto = header(source, "x-forwarded-proto") ?? new URL(appUrl).protocol.replace(":", "");
  const served = host ? `${proto}://${host}` : null;
  const claimed = header(source, "origin") ?? refererOrigin(header(source, "referer"));
  return claimed !== null && (claimed === expected || claimed === served);
}

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}
