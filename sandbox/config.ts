// The sandbox's own configuration, from SANDBOX_* variables; every problem names its variable.
import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  SANDBOX_HOST: z.string().min(1).default("127.0.0.1"),
  SANDBOX_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SANDBOX_DATA_DIR: z.string().min(1).default(".sandbox"),
  SANDBOX_TIME_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  SANDBOX_APP_ID: z.string().regex(/^\d{16}$/, "must be 16 digits").default("2021000000000001"),
  SANDBOX_SELLER_ID: z.string().regex(/^2088\d{12}$/, "must be a 2088… id (16 digits)").default("2088000000000001"),
  SANDBOX_SELLER_EMAIL: z.string().min(3).default("merchant@sandbox.local"),
  SANDBOX_ALIPAY_PRIVATE_KEY: z.string().optional(),
  SANDBOX_APP_PUBLIC_KEY: z.string().optional(),
  SANDBOX_NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SANDBOX_NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(32),
  SANDBOX_FEE_RATE_BP: z.coerce.number().int().min(0).max(10_000).default(60),
  SANDBOX_SIGNING_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  SANDBOX_CERT_MODE: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
});

export type SandboxConfig = {
  port: number;
  host: string;
  /** Base URL the outside world uses for the gateway, QR codes and bill links; set after listen when port 0. */
  publicUrl: string;
  dataDir: string;
  timeScale: number;
  appId: string;
  sellerId: string;
  sellerEmail: string;
  alipayPrivateKey?: string;
  appPublicKey?: string;
  notifyTimeoutMs: number;
  notifyConcurrency: number;
  feeRateBasisPoints: number;
  /** Worker threads that sign; 0 signs on the event loop. */
  signingThreads: number;
  /** Certificate mode (alipay-protocol.md §5): its own test CA; requests must carry the cert SNs. */
  certMode: boolean;
};

export class SandboxConfigError extends Error {
  override name = "SandboxConfigError";
}

export function loadSandboxConfig(source: Record<string, string | undefined> = process.env): SandboxConfig {
  const cleaned = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v?.trim() === "" ? undefined : v]));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")} ${issue.message}`);
    throw new SandboxConfigError(`Invalid sandbox configuration:\n${problems.join("\n")}`);
  }
  const env = parsed.data;
  return {
    port: env.SANDBOX_PORT,
    host: env.SANDBOX_HOST,
    publicUrl: (env.SANDBOX_PUBLIC_URL ?? `http://localhost:${env.SANDBOX_PORT}`).replace(/\/$/, ""),
    dataDir: path.resolve(env.SANDBOX_DATA_DIR),
    timeScale: env.SANDBOX_TIME_SCALE,
    appId: env.SANDBOX_APP_ID,
    sellerId: env.SANDBOX_SELLER_ID,
    sellerEmail: env.SANDBOX_SELLER_EMAIL,
    alipayPrivateKey: env.SANDBOX_ALIPAY_PRIVATE_KEY,
    appPublicKey: env.SANDBOX_APP_PUBLIC_KEY,
    notifyTimeoutMs: env.SANDBOX_NOTIFY_TIMEOUT_MS,
    notifyConcurrency: env.SANDBOX_NOTIFY_CONCURRENCY,
    feeRateBasisPoints: env.SANDBOX_FEE_RATE_BP,
    signingThreads: env.SANDBOX_SIGNING_THREADS ?? availableParallelism(),
    certMode: env.SANDBOX_CERT_MODE === "1",
  };
}
