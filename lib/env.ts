// Typed configuration, read from the environment (and `.env`) and validated at start. Every problem is
// reported with the name of the variable, never with its value (some are secrets).
import type { KeyObject } from "node:crypto";
import { z } from "zod";
import type { CertMode } from "./alipay/cert-mode";
import { isKeyPair, loadPrivateKey, loadPublicKey, publicKeyFingerprint } from "./alipay/keys";
import { certModeProblems, readCertConfig } from "./env-cert";

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable.`);
  }
}

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const schema = z.object({
  DATABASE_URL: z
    .string({ error: "is required" })
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .default("file:./.data/console.db"),
  APP_URL: httpUrl.default("http://localhost:3000"),
  ALIPAY_APP_ID: z.string({ error: "is required" }).regex(/^\d{1,32}$/, "must be the numeric app id Alipay assigned (up to 32 digits)"),
  ALIPAY_APP_PRIVATE_KEY: z.string({ error: "is required" }).min(1, "is required"),
  /** Required in public-key mode; in certificate mode the key inside ALIPAY_CERT is used (env-cert.ts). */
  ALIPAY_PUBLIC_KEY: z.string().optional(),
  ALIPAY_APP_CERT: z.string().optional(),
  ALIPAY_CERT: z.string().optional(),
  ALIPAY_ROOT_CERT: z.string().optional(),
  ALIPAY_GATEWAY_URL: httpUrl.default("https://openapi.alipay.com/gateway.do"),
  ALIPAY_SELLER_ID: z.string().regex(/^2088\d{12}$/, "must be a 2088… seller id (16 digits)").optional(),
  ALIPAY_NOTIFY_URL: httpUrl.optional(),
  /** The app public key given to Alipay (应用公钥): only the go-live self-test reads it. */
  ALIPAY_APP_PUBLIC_KEY: z.string().optional(),
  /** The fee rate of the contract, in basis points (60 = 0.6 %): reconciliation checks each payment's fee against it. */
  ALIPAY_FEE_RATE_BP: z.coerce.number({ error: "must be a whole number of basis points" }).int("must be a whole number of basis points").min(0).max(10_000).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = Omit<z.infer<typeof schema>, "ALIPAY_APP_PRIVATE_KEY" | "ALIPAY_PUBLIC_KEY" | "ALIPAY_APP_CERT" | "ALIPAY_CERT" | "ALIPAY_ROOT_CERT"> & {
  databaseProvider: "sqlite" | "postgresql";
  notifyUrl: string;
  appPrivateKey: KeyObject;
  alipayPublicKey: KeyObject;
  appPublicKeyFingerprint: string;
  alipayPublicKeyFingerprint: string;
  /** Certificate mode (§5) when the three certificates are configured; alipayPublicKey is then its key. */
  certMode: CertMode | null;
};

function emptyToUndefined(source: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).map(([key, value]) => [key, value?.trim() === "" ? undefined : value]));
}

/** Validates a set of variables; throws ConfigError naming every bad one. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(emptyToUndefined(source));
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);

  let appPrivateKey: KeyObject | undefined;
  let alipayPublicKey: KeyObject | undefined;
  const raw = emptyToUndefined(source);
  if (raw.ALIPAY_APP_PRIVATE_KEY) {
    try {
      appPrivateKey = loadPrivateKey(raw.ALIPAY_APP_PRIVATE_KEY);
    } catch (error) {
      problems.push(`ALIPAY_APP_PRIVATE_KEY is not usable: ${(error as Error).message}`);
    }
  }
  if (raw.ALIPAY_PUBLIC_KEY) {
    try {
      alipayPublicKey = loadPublicKey(raw.ALIPAY_PUBLIC_KEY);
    } catch (error) {
      problems.push(`ALIPAY_PUBLIC_KEY is not usable: ${(error as Error).message}`);
    }
  }
  if (raw.ALIPAY_APP_PUBLIC_KEY) {
    try {
      loadPublicKey(raw.ALIPAY_APP_PUBLIC_KEY);
    } catch (error) {
      problems.push(`ALIPAY_APP_PUBLIC_KEY is not usable: ${(error as Error).message}`);
    }
  }
  const cert = readCertConfig(raw);
  problems.push(...cert.problems);
  if (cert.certMode) problems.push(...certModeProblems(cert.certMode, appPrivateKey, alipayPublicKey));
  else if (!raw.ALIPAY_PUBLIC_KEY) problems.push("ALIPAY_PUBLIC_KEY is required (or configure certificate mode: ALIPAY_APP_CERT, ALIPAY_CERT, ALIPAY_ROOT_CERT)");
  alipayPublicKey = cert.certMode?.alipayPublicKey ?? alipayPublicKey;
  if (appPrivateKey && alipayPublicKey && !cert.certMode && isKeyPair(appPrivateKey, alipayPublicKey)) {
    problems.push(
      "ALIPAY_PUBLIC_KEY is the public half of ALIPAY_APP_PRIVATE_KEY: it must be Alipay's public key (支付宝公钥), not your app's (应用公钥)",
    );
  }
  if (!parsed.success || problems.length > 0 || !appPrivateKey || !alipayPublicKey) throw new ConfigError(problems);

  const { ALIPAY_APP_PRIVATE_KEY: _private, ALIPAY_PUBLIC_KEY: _public, ALIPAY_APP_CERT: _a, ALIPAY_CERT: _c, ALIPAY_ROOT_CERT: _r, ...rest } = parsed.data;
  return {
    ...rest,
    databaseProvider: rest.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql",
    notifyUrl: rest.ALIPAY_NOTIFY_URL ?? new URL("/api/alipay/notify", rest.APP_URL).toString(),
    appPrivateKey,
    alipayPublicKey,
    appPublicKeyFingerprint: publicKeyFingerprint(appPrivateKey),
    alipayPublicKeyFingerprint: publicKeyFingerprint(alipayPublicKey),
    certMode: cert.certMode,
  };
}

let cached: Env | undefined;

/** The process configuration, validated once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
