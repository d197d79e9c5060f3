// The gateway client: every call goes through the official alipay-sdk with its response-signature
// check on, and the exact wire (request URL and form body, response status and bytes, latency) is
// captured by an undici interceptor on the SDK's dispatcher, so that each call can be stored and
// explained. The outcome is classified as the protocol notes require (§1.1, §2.2, §2.3): only a
// verified answer is believed; a timeout, an HTTP error, 20000 or ACQ.SYSTEM_ERROR is UNKNOWN.
import { randomUUID, type KeyObject } from "node:crypto";
import { AlipaySdk } from "alipay-sdk";
import { Agent, type Dispatcher } from "undici";
import { publicKeyToBase64 } from "./keys";
import { verifyResponse, type ResponseVerdict } from "./response";
import { formatAlipayTime } from "./time";

export type WireAttempt = {
  url: string;
  requestBody: string;
  status: number | null;
  responseBody: Buffer | null;
  error: string | null;
  latencyMs: number;
};

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
};

export type GatewayClientConfig = {
  appId: string;
  appPrivateKey: KeyObject;
  alipayPublicKey: KeyObject;
  gatewayUrl: string;
  timeoutMs?: number;
};

type Slot = { attempts: WireAttempt[] };

function captureInterceptor(slots: Map<string, Slot>): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const id = (opts.headers as Record<string, string> | undefined)?.["alipay-request-id"];
    const slot = id ? slots.get(id) : undefined;
    if (!slot) return dispatch(opts, handler);
    const started = performance.now();
    const attempt: WireAttempt = { url: `${opts.origin}${opts.path}`, requestBody: String(opts.body ?? ""), status: null, responseBody: null, error: null, latencyMs: 0 };
    slot.attempts.push(attempt);
    const chunks: Buffer[] = [];
    const done = () => {
      attempt.latencyMs = Math.round(performance.now() - started);
      attempt.responseBody = attempt.status === null ? null : Buffer.concat(chunks);
    };
    return dispatch(opts, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, status, headers, socket) => handler.onRequestUpgrade?.(controller, status, headers, socket),
      onResponseStart: (controller, status, headers, message) => {
        attempt.status = status;
        return handler.onResponseStart?.(controller, status, headers, message);
      },
      onResponseData: (controller, chunk) => {
        chunks.push(chunk);
        return handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => {
        done();
        return handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => {
        done();
        attempt.error = error.message;
        return handler.onResponseError?.(controller, error);
      },
    });
  };
}

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

export function createGatewayClient(config: GatewayClientConfig) {
  const slots = new Map<string, Slot>();
  const sdk = new AlipaySdk({
    appId: config.appId,
    privateKey: config.appPrivateKey.export({ format: "pem", type: "pkcs8" }) as string,
    keyType: "PKCS8",
    alipayPublicKey: publicKeyToBase64(config.alipayPublicKey),
    gateway: config.gatewayUrl,
    timeout: config.timeoutMs ?? 10_000,
    camelcase: false,
    proxyAgent: new Agent().compose(captureInterceptor(slots)) as never,
  });

  /** Calls `method`; never throws for what the gateway or the network did. */
  async function call(method: string, bizContent: Record<string, unknown>, common: { notifyUrl?: string } = {}): Promise<GatewayCall> {
    const traceId = randomUUID().replaceAll("-", "");
    const slot: Slot = { attempts: [] };
    slots.set(traceId, slot);
    const started = performance.now();
    const base = { method, traceId, attempts: slot.attempts };
    try {
      // The SDK would write the timestamp in the process's time zone; Alipay wants Beijing time (§1.2).
      const params = { bizContent, timestamp: formatAlipayTime(new Date()), ...(common.notifyUrl ? { notify_url: common.notifyUrl } : {}) };
      await sdk.exec(method, params, { validateSign: true, traceId });
      // The SDK verifies only the first node it finds and returns what JSON.parse kept (the last one):
      // a body that names the node twice passes its check with the second node. Believe only what our
      // own verifier extracts from the captured bytes (it refuses a repeated node).
      const read = fromWire(method, slot.attempts.at(-1), config.alipayPublicKey);
      const latencyMs = Math.round(performance.now() - started);
      if (!read?.trusted) {
        const forged = { outcome: "FORGED" as const, node: null, code: null, subCode: null, verdict: read?.verdict ?? null };
        return { ...base, ...forged, error: "the SDK accepted an answer our verifier does not: refused", latencyMs };
      }
      return { ...base, ...believe(read.node, read.verdict), error: null, latencyMs };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const read = fromWire(method, slot.attempts.at(-1), config.alipayPublicKey);
      const latencyMs = Math.round(performance.now() - started);
      if (read?.trusted) return { ...base, ...believe(read.node, read.verdict), error: null, latencyMs };
      const forged = read !== null && (read.verdict === "INVALID" || read.verdict === "MISSING");
      return { ...base, outcome: forged ? "FORGED" : "UNKNOWN", node: null, code: null, subCode: null, verdict: read?.verdict ?? null, error: message, latencyMs };
    } finally {
      slots.delete(traceId);
    }
  }

  return { call };
}

export type GatewayClient = ReturnType<typeof createGatewayClient>;
