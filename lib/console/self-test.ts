// The go-live self-test (Settings, admin): three checks an operator would otherwise learn of from the
// first failed payment. 1. The app private key is the pair of the app public key given to Alipay.
// 2. A signed test query reaches the gateway, Alipay accepts our signature and its answer verifies
// with the configured Alipay public key. 3. A signed test notification sent through the public notify
// URL reaches this console, arrives unchanged, verifies and is answered `success`.
// Each step comes back as a reason (a "SelfTest.reasons" message key) with the values it names.
import "server-only";
import type { KeyObject } from "node:crypto";
import { explainGatewayCall, type GatewayCodeKey } from "@/lib/alipay/explain-code";
import type { GatewayCall } from "@/lib/alipay/gateway-client";
import { isKeyPair, loadPublicKey, publicKeyFingerprint } from "@/lib/alipay/keys";
import { appendAudit, type AuditOrigin } from "@/lib/audit";
import type { Operator } from "@/lib/auth/users";
import { TRANSACTION_OPTIONS } from "@/lib/db";
import type { PaymentsContext } from "@/lib/payments/context";
import { prepareSelfTest } from "@/lib/payments/self-test";
import { recordGatewayCall, transaction } from "@/lib/payments/store";

export type StepStatus = "pass" | "fail" | "warn" | "skip";
export type StepResult = { step: "key_pair" | "gateway" | "notify"; status: StepStatus; reason: string; values: Record<string, string | number> };
export type SelfTestReport = { ok: boolean; steps: StepResult[]; startedAt: string };

export type SelfTestInput = {
  ctx: PaymentsContext;
  appPrivateKey: KeyObject;
  alipayPublicKey: KeyObject;
  /** The app public key given to Alipay: configured (ALIPAY_APP_PUBLIC_KEY) or pasted on the page. */
  appPublicKeyText: string | null;
  fetchImpl?: typeof fetch;
};

const short = (fingerprint: string) => fingerprint.slice(0, 16);

/** Step 1, pure: is the key Alipay holds for the app the public half of our private key? */
export function checkKeyPair(appPrivateKey: KeyObject, alipayPublicKey: KeyObject, appPublicKeyText: string | null): StepResult {
  const ours = short(publicKeyFingerprint(appPrivateKey));
  if (!appPublicKeyText?.trim()) return { step: "key_pair", status: "skip", reason: "keyPairNotGiven", values: { ours } };
  let given: KeyObject;
  try {
    given = loadPublicKey(appPublicKeyText);
  } catch (error) {
    return { step: "key_pair", status: "fail", reason: "keyPairUnreadable", values: { ours, error: (error as Error).message } };
  }
  const theirs = short(publicKeyFingerprint(given));
  if (isKeyPair(appPrivateKey, given)) return { step: "key_pair", status: "pass", reason: "keyPairMatches", values: { ours, theirs } };
  if (publicKeyFingerprint(given) === publicKeyFingerprint(alipayPublicKey)) return { step: "key_pair", status: "fail", reason: "keyPairIsAlipays", values: { ours, theirs } };
  return { step: "key_pair", status: "fail", reason: "keyPairMismatch", values: { ours, theirs } };
}

/** Step 2, pure: what the test query's answer says about the keys and the gateway. */
export function judgeGatewayQuery(call: Pick<GatewayCall, "method" | "outcome" | "code" | "subCode" | "error" | "latencyMs">): Omit<StepResult, "values"> & { values: Record<string, string | number>; explanation: GatewayCodeKey } {
  const explanation = explainGatewayCall(call).key;
  const values = { code: call.code ?? "", subCode: call.subCode ?? "", latencyMs: call.latencyMs };
  // A verified answer, whatever the trade: Alipay checked our signature and we checked Alipay's.
  if (call.outcome === "SUCCESS" || (call.outcome === "BUSINESS_ERROR" && call.subCode === "ACQ.TRADE_NOT_EXIST")) {
    return { step: "gateway", status: "pass", reason: "gatewayVerified", values, explanation };
  }
  if (call.outcome === "FORGED") return { step: "gateway", status: "fail", reason: "gatewayAnswerNotVerified", values, explanation };
  if (call.outcome === "UNKNOWN") return { step: "gateway", status: "fail", reason: "gatewayUnreachable", values: { ...values, error: call.error ?? "" }, explanation };
  if (call.subCode === "isv.invalid-signature") return { step: "gateway", status: "fail", reason: "gatewayRefusedSignature", values, explanation };
  if (call.subCode === "isv.invalid-app-id" || call.subCode === "isv.app-unbind-partner") return { step: "gateway", status: "fail", reason: "gatewayAppId", values, explanation };
  return { step: "gateway", status: "fail", reason: "gatewayRefused", values, explanation };
}

const PRIVATE_HOST = /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[?::1\]?$|0\.0\.0\.0)/;

/** Whether Alipay's servers could ever reach `url`: a private or loopback host they cannot. */
export function isPrivateUrl(url: string): boolean {
  return PRIVATE_HOST.test(new URL(url).hostname);
}

async function sendTestNotification(input: SelfTestInput, operator: Operator, fetchImpl: typeof fetch): Promise<StepResult> {
  const { ctx } = input;
  const url = ctx.settings.notifyUrl;
  const test = await prepareSelfTest(ctx.db, { appId: ctx.settings.appId, actorEmail: operator.email, now: ctx.now() });
  // Where to look for it afterwards without scanning the whole log: notifications are numbered in order.
  const last = await ctx.db.notification.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const started = performance.now();
  let status: number;
  let reply: string;
  try {
    const response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: test.body,
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    status = response.status;
    reply = (await response.text()).slice(0, 200);
  } catch (error) {
    return { step: "notify", status: "fail", reason: "notifyUnreachable", values: { url, error: (error as Error).message } };
  }
  const latencyMs = Math.round(performance.now() - started);
  const received = await ctx.db.selfTest.findUnique({ where: { id: test.id }, select: { notificationId: true } });
  const values = { url, status, reply, latencyMs };
  if (status >= 300 && status < 400) return { step: "notify", status: "fail", reason: "notifyRedirected", values };
  if (!received?.notificationId) {
    // Stored but refused: it arrived, but not as it was sent (a proxy re-encoded or cut the body).
    const refused = await ctx.db.notification.findFirst({ where: { id: { gt: last?.id ?? 0 }, notifyId: test.id }, select: { id: true, error: true } });
    if (refused) return { step: "notify", status: "fail", reason: "notifyAltered", values: { ...values, notificationId: refused.id, error: refused.error ?? "" } };
    return { step: "notify", status: "fail", reason: status === 200 && reply === "success" ? "notifyOtherServer" : "notifyNotReceived", values };
  }
  const withId = { ...values, notificationId: received.notificationId };
  if (status !== 200 || reply !== "success") return { step: "notify", status: "fail", reason: "notifyBadReply", values: withId };
  if (isPrivateUrl(url)) return { step: "notify", status: "warn", reason: "notifyPrivate", values: withId };
  return { step: "notify", status: "pass", reason: "notifyVerified", values: withId };
}

/** Runs the three steps (each whatever the others found) and writes the report to the audit log. */
export async function runSelfTest(input: SelfTestInput, operator: Operator, origin: AuditOrigin): Promise<SelfTestReport & { gatewayCallId: string; explanation: GatewayCodeKey }> {
  const { ctx } = input;
  const startedAt = ctx.now().toISOString();
  const keyPair = checkKeyPair(input.appPrivateKey, input.alipayPublicKey, input.appPublicKeyText);

  // A number no order uses: Alipay answers ACQ.TRADE_NOT_EXIST, signed, once it accepted ours.
  const call = await ctx.gateway.call("alipay.trade.query", { out_trade_no: `SELFTEST${Date.now()}` });
  const gatewayCallId = await transaction(ctx.db, (tx) => recordGatewayCall(tx, call, null));
  const { explanation, ...gateway } = judgeGatewayQuery(call);

  const notify = await sendTestNotification(input, operator, input.fetchImpl ?? fetch);
  const steps = [keyPair, { ...gateway, values: { ...gateway.values, gatewayCallId } }, notify];
  const ok = steps.every((step) => step.status === "pass" || step.status === "warn" || (step.step === "key_pair" && step.status === "skip"));
  await ctx.db.$transaction(
    (tx) =>
      appendAudit(tx, {
        actor: { id: operator.id, email: operator.email, role: operator.role },
        origin,
        action: "settings.self_test",
        outcome: ok ? "OK" : "FAILED",
        detail: { steps: steps.map((step) => ({ step: step.step, status: step.status, reason: step.reason })) },
      }),
    TRANSACTION_OPTIONS,
  );
  return { ok, steps, startedAt, gatewayCallId, explanation };
}
