// The gateway client: every call goes through the official alipay-sdk with its response-signature
// check on, and the exact wire is captured (wire-capture.ts), so that each call can be stored and
// explained. The outcome is classified as the protocol notes require (§1.1, §2.2, §2.3): only a
// verified answer is believed; a timeout, an HTTP error, 20000 or ACQ.SYSTEM_ERROR is UNKNOWN. In
// certificate mode (§5) the SDK sends app_cert_sn and alipay_root_cert_sn, and an answer naming
// another Alipay certificate than ours is refused (cert-rotation.ts).
import { randomUUID, type KeyObject } from "node:crypto";
import { AlipaySdk } from "alipay-sdk";
import { Agent } from "undici";
import type { CertMode } from "./cert-mode";
import { detectCertRotation, type CertRotation } from "./cert-rotation";
import { publicKeyToBase64 } from "./keys";
import { verifyResponse, type ResponseVerdict } from "./response";
import { formatAlipayTime } from "./time";
import { captureInterceptor, type Slot, type WireAttempt } from "./wire-capture";

export type { WireAttempt } from "./wire-capture";


/** SUCCESS and BUSINESS_ERROR are Alipay's verified word; UNKNOWN must be settled by querying; FORGED was not Alipay. */
export type GatewayOutcome = "SUCCESS" | "BUSINESS_ERROR" | "UNKNOWN" | "FORGED";

export type GatewayCall = {
  method: string;
  traceId: string;
  outcome: GatewayOutcome;
  node: Record<string, unknown> | null;
  code: string | null;
  subCode: string | null;
  verdict: ResponseVerdict | null;
  /** Every request that reached the wire (the HTTP client may re-send once after a dropped socket). */
  attempts: WireAttempt[];
  error: string | null;
  latencyMs: number;
  /** Certificate mode: the answer named another Alipay certificate; the call was refused (FORGED). */
  certRotation: CertRotation | null;
};

export type GatewayClientConfig = {
  appId: string;
  appPrivateKey: KeyObject;
  alipayPublicKey: KeyObject;
  gatewayUrl: string;
  timeoutMs?: number;
  /** Certificate mode (§5); alipayPublicKey must then be the key inside cert.alipayCertPem. */
  cert?: CertMode;
};

const UNKNOWN_SUB_CODES = new Set(["ACQ.SYSTEM_ERROR", "isp.unknow-error", "aop.unknow-error"]);

/** What the answer means (§2.3): SYSTEM_ERROR is unknown under 20000 and 40004 alike. */
function classify(code: string, subCode: string | null): GatewayOutcome {
  if (code === "10000") return "SUCCESS";
  if (code === "20000" || (subCode !== null && UNKNOWN_SUB_CODES.has(subCode))) return "UNKNOWN";
  return "BUSINESS_ERROR";
}

/**
 * What a trusted answer means. An unsigned business error (40004) is not believed: Alipay signs the
 * errors of a known app (§2.2), and a refund must not be written off on an answer anyone could forge.
 */
function believe(node: Record<string, unknown>, verdict: ResponseVerdict) {
  const code = String(node.code ?? "");
  const subCode = typeof node.sub_code === "string" ? node.sub_code : null;
  const outcome: GatewayOutcome = verdict === "UNSIGNED_ERROR" && code === "40004" ? "UNKNOWN" : classify(code, subCode);
  return { outcome, node, code, subCode, verdict };
}

/** Reads the last answer on the wire ourselves: errors the SDK cannot verify (unsigned, error_response). */
function fromWire(method: string, last: WireAttempt | undefined, alipayPublicKey: KeyObject) {
  if (!last || last.status !== 200 || !last.responseBody) return null;
  try {
    return verifyResponse(last.responseBody.toString("utf8"), method, alipayPublicKey);
  } catch {
    return null;
  }
}

type Read = ReturnType<typeof fromWire>;
type Judged = Omit<GatewayCall, "method" | "traceId" | "attempts" | "latencyMs">;

/** What to believe of a call, given our own reading of the wire and whether the SDK threw (§2.2, §5). */
function judge(read: Read, sdkError: string | null, cert: CertMode | undefined): Judged {
  const refused = { node: null, code: null, subCode: null, verdict: read?.verdict ?? null };
  // Checked first: after a rotation the new key's signature fails against ours, and "changed
  // certificate" is what the operator must read, not "bad signature".
  const certRotation = cert && read ? detectCertRotation(read.alipayCertSn, cert.alipayCertSn) : null;
  if (certRotation) return { ...refused, outcome: "FORGED", error: certRotation.message, certRotation };
  if (read?.trusted) return { ...believe(read.node, read.verdict), error: null, certRotation: null };
  // The SDK verifies only the first node it finds and returns what JSON.parse kept (the last one): a
  // body that names the node twice passes its check. Only what our own verifier extracts is believed.
  if (sdkError === null) return { ...refused, outcome: "FORGED", error: "the SDK accepted an answer our verifier does not: refused", certRotation: null };
  const forged = read !== null && (read.verdict === "INVALID" || read.verdict === "MISSING");
  return { ...refused, outcome: forged ? "FORGED" : "UNKNOWN", error: sdkError, certRotation: null };
}

/** The SDK's certificate-mode options (§5); its SNs must agree with ours, the rule the vectors prove. */
function sdkCertOptions(cert: CertMode | undefined) {
  if (!cert) return {};
  return { appCertContent: cert.appCertPem, alipayPublicCertContent: cert.alipayCertPem, alipayRootCertContent: cert.rootCertPem };
}

function checkSdkSns(sdk: AlipaySdk, cert: CertMode | undefined): void {
  if (!cert) return;
  const { appCertSn, alipayRootCertSn } = sdk.config;
  if (appCertSn !== cert.appCertSn || alipayRootCertSn !== cert.alipayRootCertSn) {
    throw new Error(`alipay-sdk computed app_cert_sn ${appCertSn} / alipay_root_cert_sn ${alipayRootCertSn}, §5 gives ${cert.appCertSn} / ${cert.alipayRootCertSn}`);
  }
}

export function createGatewayClient(config: GatewayClientConfig) {
  const slots = new Map<string, Slot>();
  const sdk = new AlipaySdk({
    appId: config.appId,
    privateKey: config.appPrivateKey.export({ format: "pem", type: "pkcs8" }) as string,
    keyType: "PKCS8",
    alipayPublicKey: publicKeyToBase64(config.alipayPublicKey),
    ...sdkCertOptions(config.cert),
    gateway: config.gatewayUrl,
    timeout: config.timeoutMs ?? 10_000,
    camelcase: false,
    proxyAgent: new Agent().compose(captureInterceptor(slots)) as never,
  });
  checkSdkSns(sdk, config.cert);

  /** Calls `method`; never throws for what the gateway or the network did. */
  async function call(method: string, bizContent: Record<string, unknown>, common: { notifyUrl?: string } = {}): Promise<GatewayCall> {
    const traceId = randomUUID().replaceAll("-", "");
    const slot: Slot = { attempts: [] };
    slots.set(traceId, slot);
    const started = performance.now();
    let sdkError: string | null = null;
    try {
      // The SDK would write the timestamp in the process's time zone; Alipay wants Beijing time (§1.2).
      const params = { bizContent, timestamp: formatAlipayTime(new Date()), ...(common.notifyUrl ? { notify_url: common.notifyUrl } : {}) };
      await sdk.exec(method, params, { validateSign: true, traceId });
    } catch (error) {
      sdkError = error instanceof Error ? error.message : String(error);
    } finally {
      slots.delete(traceId);
    }
    const read = fromWire(method, slot.attempts.at(-1), config.alipayPublicKey);
    const latencyMs = Math.round(performance.now() - started);
    return { method, traceId, attempts: slot.attempts, ...judge(read, sdkError, config.cert), latencyMs };
  }

  return { call };
}

export type GatewayClient = ReturnType<typeof createGatewayClient>;
