// What Settings shows (admin): the configuration's health without any secret (fingerprints, never keys),
// the accounts and the API keys. A configuration that does not load is shown as its problems, by name.
import "server-only";
import { isKeyPair, loadPublicKey, publicKeyFingerprint } from "@/lib/alipay/keys";
import { listUsers } from "@/lib/auth/users";
import type { Db } from "@/lib/db";
import { ConfigError, getEnv } from "@/lib/env";
import { listApiKeys } from "@/lib/payments/api-keys";
import { isPrivateUrl } from "./self-test";

export type GatewayKind = "alipay" | "alipay_sandbox" | "other";

export type ConfigHealth =
  | { ok: false; problems: string[] }
  | {
      ok: true;
      appId: string;
      sellerId: string | null;
      gatewayUrl: string;
      gatewayKind: GatewayKind;
      appUrl: string;
      notifyUrl: string;
      notifyUrlPrivate: boolean;
      databaseProvider: "sqlite" | "postgresql";
      appPublicKeyFingerprint: string;
      alipayPublicKeyFingerprint: string;
      /** ALIPAY_APP_PUBLIC_KEY: null when not given, else whether it is our private key's pair. */
      appPublicKeyGiven: null | { fingerprint: string; matches: boolean };
    };

export function gatewayKind(url: string): GatewayKind {
  const host = new URL(url).hostname;
  if (host === "openapi.alipay.com") return "alipay";
  if (host.endsWith("alipaydev.com")) return "alipay_sandbox";
  return "other";
}

export function configHealth(): ConfigHealth {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, problems: error.problems };
    throw error;
  }
  const given = env.ALIPAY_APP_PUBLIC_KEY ? loadPublicKey(env.ALIPAY_APP_PUBLIC_KEY) : null;
  return {
    ok: true,
    appId: env.ALIPAY_APP_ID,
    sellerId: env.ALIPAY_SELLER_ID ?? null,
    gatewayUrl: env.ALIPAY_GATEWAY_URL,
    gatewayKind: gatewayKind(env.ALIPAY_GATEWAY_URL),
    appUrl: env.APP_URL,
    notifyUrl: env.notifyUrl,
    notifyUrlPrivate: isPrivateUrl(env.notifyUrl),
    databaseProvider: env.databaseProvider,
    appPublicKeyFingerprint: env.appPublicKeyFingerprint,
    alipayPublicKeyFingerprint: env.alipayPublicKeyFingerprint,
    appPublicKeyGiven: given ? { fingerprint: publicKeyFingerprint(given), matches: isKeyPair(env.appPrivateKey, given) } : null,
  };
}

/** The last notification received, and the last one that verified: is Alipay reaching us? */
export async function lastNotifications(db: Db) {
  const select = { id: true, receivedAt: true, signature: true, outcome: true } as const;
  const [last, lastVerified] = await Promise.all([
    db.notification.findFirst({ orderBy: { id: "desc" }, select }),
    db.notification.findFirst({ where: { signature: "VALID", NOT: { outcome: "SELF_TEST" } }, orderBy: { id: "desc" }, select }),
  ]);
  return { last, lastVerified };
}

export async function settingsData(db: Db) {
  const [notifications, users, apiKeys] = await Promise.all([lastNotifications(db), listUsers(db), listApiKeys(db)]);
  return { config: configHealth(), notifications, users, apiKeys };
}
