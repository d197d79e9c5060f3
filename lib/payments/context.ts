// What the payment operations work with: the database, the gateway client, the merchant's settings,
// a clock and a logger. The app builds one from the environment (getPayments); tests build their own.
import "server-only";
import type { KeyObject } from "node:crypto";
import { createGatewayClient, type GatewayClient } from "@/lib/alipay/gateway-client";
import { type Db, getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { type Logger, createLogger } from "@/lib/log";
import { withCertRotationAlert } from "./cert-alert";

export type PaymentsSettings = {
  appId: string;
  /** When set, notifications must name this seller (§4.5). */
  sellerId?: string;
  notifyUrl: string;
  /** Public base URL: checkout links. */
  appUrl: string;
  alipayPublicKey: KeyObject;
  /** Delays before the worker asks Alipay about an open order again, in ms; the last one repeats. */
  checkDelaysMs: readonly number[];
  /** After an order is closed, how long to keep checking it for a late payment. */
  closedWatchMs: number;
  /** Delays before settling a refund whose outcome is unknown, in ms; the last one repeats. */
  refundCheckDelaysMs: readonly number[];
  /** Notification bodies above this are stored truncated and refused. */
  maxNotificationBytes: number;
  /** The contract's fee rate in basis points, checked against the bill's fees; null: not checked. */
  feeRateBp: number | null;
};

export type PaymentsContext = {
  db: Db;
  gateway: GatewayClient;
  settings: PaymentsSettings;
  now: () => Date;
  log: Logger;
  /** Asks the background worker for a pass soon (lib/worker/start.ts sets it; a no-op without a worker). */
  wake: () => void;
};

export const DEFAULT_CHECK_DELAYS_MS = [15_000, 30_000, 60_000, 120_000, 300_000] as const;
export const DEFAULT_REFUND_CHECK_DELAYS_MS = [5_000, 15_000, 60_000, 300_000] as const;

export function defaultSettings(overrides: Partial<PaymentsSettings> & Pick<PaymentsSettings, "appId" | "notifyUrl" | "appUrl" | "alipayPublicKey">): PaymentsSettings {
  return {
    checkDelaysMs: DEFAULT_CHECK_DELAYS_MS,
    closedWatchMs: 10 * 60_000,
    refundCheckDelaysMs: DEFAULT_REFUND_CHECK_DELAYS_MS,
    maxNotificationBytes: 64 * 1024,
    feeRateBp: null,
    ...overrides,
  };
}

const globalForPayments = globalThis as typeof globalThis & { consolePayments?: PaymentsContext };

/** The process-wide context, from the validated environment (throws ConfigError when it is not usable). */
export function getPayments(): PaymentsContext {
  if (globalForPayments.consolePayments) return globalForPayments.consolePayments;
  const env = getEnv();
  const log = createLogger({ service: "console" });
  const gateway = createGatewayClient({
    appId: env.ALIPAY_APP_ID,
    appPrivateKey: env.appPrivateKey,
    alipayPublicKey: env.alipayPublicKey,
    gatewayUrl: env.ALIPAY_GATEWAY_URL,
    cert: env.certMode ?? undefined,
  });
  const context: PaymentsContext = {
    db: getDb(),
    gateway: withCertRotationAlert(gateway, () => context),
    settings: defaultSettings({
      appId: env.ALIPAY_APP_ID,
      sellerId: env.ALIPAY_SELLER_ID,
      feeRateBp: env.ALIPAY_FEE_RATE_BP ?? null,
      notifyUrl: env.notifyUrl,
      appUrl: env.APP_URL,
      alipayPublicKey: env.alipayPublicKey,
    }),
    now: () => new Date(),
    log,
    wake: () => {},
  };
  globalForPayments.consolePayments = context;
  return context;
}
