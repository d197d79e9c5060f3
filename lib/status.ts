// What the home page and GET /api/health report about this deployment: the database and the Alipay
// settings, as a plain DTO. It never holds a key object or a secret: only public values and the
// SHA-256 fingerprints of the two public keys.
import "server-only";

import { checkDatabase, type DatabaseStatus } from "@/lib/db";
import { ConfigError, getEnv, type Env } from "@/lib/env";

export type { DatabaseStatus };

export type AlipayEnvironment = "production" | "sandbox" | "local";

export type AlipayStatus =
  | {
      configured: true;
      environment: AlipayEnvironment;
      gatewayUrl: string;
      appId: string;
      sellerId?: string;
      notifyUrl: string;
      appPublicKeyFingerprint: string;
      alipayPublicKeyFingerprint: string;
    }
  | { configured: false; problems: string[] };

export type SystemStatus = {
  ok: boolean;
  checkedAt: string;
  database: DatabaseStatus;
  alipay: AlipayStatus;
};

/** Which Alipay a gateway URL points at: Alipay's own hosts, its sandbox, or anything else (a local sandbox). */
export function classifyGateway(gatewayUrl: string): AlipayEnvironment {
  const host = new URL(gatewayUrl).hostname.toLowerCase();
  if (host === "alipay.com" || host.endsWith(".alipay.com")) return "production";
  if (host === "alipaydev.com" || host.endsWith(".alipaydev.com")) return "sandbox";
  return "local";
}

function readEnv(): { env: Env } | { problems: string[] } {
  try {
    return { env: getEnv() };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}

function toAlipayStatus(env: Env): AlipayStatus {
  return {
    configured: true,
    environment: classifyGateway(env.ALIPAY_GATEWAY_URL),
    gatewayUrl: env.ALIPAY_GATEWAY_URL,
    appId: env.ALIPAY_APP_ID,
    ...(env.ALIPAY_SELLER_ID ? { sellerId: env.ALIPAY_SELLER_ID } : {}),
    notifyUrl: env.notifyUrl,
    appPublicKeyFingerprint: env.appPublicKeyFingerprint,
    alipayPublicKeyFingerprint: env.alipayPublicKeyFingerprint,
  };
}

/** Checks the database and the Alipay configuration now; never throws for a problem it can report. */
export async function getSystemStatus(): Promise<SystemStatus> {
  const config = readEnv();
  // Reads DATABASE_URL itself, so the database is checked even when the Alipay settings are broken.
  const database = await checkDatabase();
  const alipay: AlipayStatus = "env" in config ? toAlipayStatus(config.env) : { configured: false, problems: config.problems };
  return {
    ok: database.ok && (database.pendingMigrations ?? 0) === 0 && alipay.configured,
    checkedAt: new Date().toISOString(),
    database,
    alipay,
  };
}
