// The go-live self-test against the sandbox over HTTP and the real intake, on SQLite and PostgreSQL:
// it passes when everything is right, and names the fault when a key, the gateway or the notify URL is wrong.
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createGatewayClient } from "@/lib/alipay/gateway-client";
import { loadPrivateKey, publicKeyToBase64 } from "@/lib/alipay/keys";
import type { Operator } from "@/lib/auth/users";
import { usePayments, type PaymentsFixture } from "@/lib/payments/testing/harness";
import { getOverview } from "./overview";
import { checkKeyPair, isPrivateUrl, judgeGatewayQuery, runSelfTest, type SelfTestInput } from "./self-test";

const admin: Operator = { id: "u-admin", email: "admin@example.test", name: null, role: "admin", sessionVersion: 0 };
const origin = { address: "127.0.0.1", userAgent: "vitest" };
const otherKey = () => generateKeyPairSync("rsa", { modulusLength: 2048 });

function inputFor(fixture: PaymentsFixture, overrides: Partial<SelfTestInput> = {}): SelfTestInput {
  const appPrivateKey = loadPrivateKey(fixture.sandbox.appPrivateKeyPem);
  return {
    ctx: fixture.ctx,
    appPrivateKey,
    alipayPublicKey: fixture.ctx.settings.alipayPublicKey,
    appPublicKeyText: publicKeyToBase64(fixture.sandbox.ctx.keys.appPublicKey),
    ...overrides,
  };
}

const byStep = (report: { steps: Array<{ step: string; status: string; reason: string }> }) =>
  Object.fromEntries(report.steps.map((step) => [step.step, `${step.status}:${step.reason}`]));

describe("the self-test's judgements", () => {
  const pair = otherKey();
  const alipay = otherKey();

  it("matches the key pair, refuses another key, Alipay's key and junk, and skips when none is given", () => {
    const ownPublic = publicKeyToBase64(pair.publicKey);
    expect(checkKeyPair(pair.privateKey, alipay.publicKey, ownPublic)).toMatchObject({ status: "pass", reason: "keyPairMatches" });
    expect(checkKeyPair(pair.privateKey, alipay.publicKey, publicKeyToBase64(otherKey().publicKey))).toMatchObject({ status: "fail", reason: "keyPairMismatch" });
    expect(checkKeyPair(pair.privateKey, alipay.publicKey, publicKeyToBase64(alipay.publicKey))).toMatchObject({ status: "fail", reason: "keyPairIsAlipays" });
    expect(checkKeyPair(pair.privateKey, alipay.publicKey, "not a key")).toMatchObject({ status: "fail", reason: "keyPairUnreadable" });
    expect(checkKeyPair(pair.privateKey, alipay.publicKey, "  ")).toMatchObject({ status: "skip", reason: "keyPairNotGiven" });
  });

  it("reads the test query's answer", () => {
    const call = { method: "alipay.trade.query", code: "40004", subCode: "ACQ.TRADE_NOT_EXIST", error: null, latencyMs: 5 };
    expect(judgeGatewayQuery({ ...call, outcome: "BUSINESS_ERROR" })).toMatchObject({ status: "pass", reason: "gatewayVerified" });
    expect(judgeGatewayQuery({ ...call, outcome: "FORGED" })).toMatchObject({ status: "fail", reason: "gatewayAnswerNotVerified" });
    expect(judgeGatewayQuery({ ...call, outcome: "UNKNOWN", code: null, subCode: null, error: "timeout" })).toMatchObject({ status: "fail", reason: "gatewayUnreachable" });
    expect(judgeGatewayQuery({ ...call, outcome: "BUSINESS_ERROR", code: "40002", subCode: "isv.invalid-signature" })).toMatchObject({ status: "fail", reason: "gatewayRefusedSignature" });
    expect(judgeGatewayQuery({ ...call, outcome: "BUSINESS_ERROR", code: "40002", subCode: "isv.invalid-app-id" })).toMatchObject({ status: "fail", reason: "gatewayAppId" });
  });

  it("knows the addresses Alipay cannot reach", () => {
    expect(isPrivateUrl("http://localhost:3000/api/alipay/notify")).toBe(true);
    expect(isPrivateUrl("http://192.168.1.5/notify")).toBe(true);
    expect(isPrivateUrl("http://172.20.0.1/notify")).toBe(true);
    expect(isPrivateUrl("https://shop.example.com/api/alipay/notify")).toBe(false);
    expect(isPrivateUrl("https://172.32.0.1/notify")).toBe(false);
  });
});

describe.each(["sqlite", "postgresql"] as const)("the go-live self-test on %s", (provider) => {
  const fixture = usePayments(provider);

  it("passes with the right keys and a notify URL that reaches the intake (a loopback URL only warns)", async () => {
    const report = await runSelfTest(inputFor(fixture()), admin, origin);
    expect(byStep(report)).toEqual({ key_pair: "pass:keyPairMatches", gateway: "pass:gatewayVerified", notify: "warn:notifyPrivate" });
    expect(report.ok).toBe(true);
    const notify = report.steps.find((step) => step.step === "notify")!;
    const stored = await fixture().ctx.db.notification.findUniqueOrThrow({ where: { id: Number(notify.values.notificationId) } });
    expect(stored).toMatchObject({ outcome: "SELF_TEST", signature: "VALID", reply: "success", orderId: null, notifyType: "console_self_test" });
    const call = await fixture().ctx.db.gatewayCall.findUniqueOrThrow({ where: { id: String(report.steps[1]!.values.gatewayCallId) } });
    expect(call).toMatchObject({ method: "alipay.trade.query", subCode: "ACQ.TRADE_NOT_EXIST", orderId: null });
    const audit = await fixture().ctx.db.auditEntry.findFirstOrThrow({ where: { action: "settings.self_test" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ outcome: "OK", actorEmail: admin.email });
  });

  it("fails the key step and the query when our private key is not the pair of the app public key Alipay holds", async () => {
    const f = fixture();
    const wrongPrivate = otherKey().privateKey;
    const gateway = createGatewayClient({ appId: f.ctx.settings.appId, appPrivateKey: wrongPrivate, alipayPublicKey: f.ctx.settings.alipayPublicKey, gatewayUrl: `${f.sandbox.url}/gateway.do`, timeoutMs: 3_000 });
    const report = await runSelfTest(inputFor(f, { ctx: { ...f.ctx, gateway }, appPrivateKey: wrongPrivate }), admin, origin);
    expect(byStep(report)).toMatchObject({ key_pair: "fail:keyPairMismatch", gateway: "fail:gatewayRefusedSignature" });
    expect(report.ok).toBe(false);
    const audit = await f.ctx.db.auditEntry.findFirstOrThrow({ where: { action: "settings.self_test" }, orderBy: { id: "desc" } });
    expect(audit.outcome).toBe("FAILED");
  });

  it("fails the query when the configured Alipay public key is not Alipay's", async () => {
    const f = fixture();
    const wrongAlipay = otherKey().publicKey;
    const gateway = createGatewayClient({ appId: f.ctx.settings.appId, appPrivateKey: loadPrivateKey(f.sandbox.appPrivateKeyPem), alipayPublicKey: wrongAlipay, gatewayUrl: `${f.sandbox.url}/gateway.do`, timeoutMs: 3_000 });
    const report = await runSelfTest(inputFor(f, { ctx: { ...f.ctx, gateway }, alipayPublicKey: wrongAlipay }), admin, origin);
    expect(byStep(report).gateway).toBe("fail:gatewayAnswerNotVerified");
  });

  it("says the body was altered on the way when a proxy re-encodes it, and stores it refused", async () => {
    const f = fixture();
    // A proxy that decodes the form and sends it on with %2B turned into a space: the signature breaks.
    const rewriting: typeof fetch = (url, init) => fetch(url, { ...init, body: String(init?.body).replace("a%2Bb", "a+b") });
    const report = await runSelfTest(inputFor(f, { fetchImpl: rewriting }), admin, origin);
    expect(byStep(report).notify).toBe("fail:notifyAltered");
    const notify = report.steps.find((step) => step.step === "notify")!;
    const stored = await f.ctx.db.notification.findUniqueOrThrow({ where: { id: Number(notify.values.notificationId) } });
    expect(stored).toMatchObject({ outcome: "REJECTED", signature: "INVALID", reply: "failure", orderId: null });
  });

  it("says the URL reaches another server when something else answers success", async () => {
    const impostor = createServer((_req, res) => res.end("success"));
    await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", resolve));
    try {
      const f = fixture();
      const url = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}/api/alipay/notify`;
      const report = await runSelfTest(inputFor(f, { ctx: { ...f.ctx, settings: { ...f.ctx.settings, notifyUrl: url } } }), admin, origin);
      expect(byStep(report).notify).toBe("fail:notifyOtherServer");
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });

  it("refuses a test notification sent twice, as it would a forgery", async () => {
    const f = fixture();
    let sent = "";
    const keeping: typeof fetch = (url, init) => {
      sent = String(init?.body);
      return fetch(url, init);
    };
    await runSelfTest(inputFor(f, { fetchImpl: keeping }), admin, origin);
    const again = await fetch(f.notifyUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: sent });
    expect(await again.text()).toBe("failure");
    const last = await f.ctx.db.notification.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(last).toMatchObject({ outcome: "REJECTED", orderId: null });
    expect(last.error).toContain("already received");
  });

  it("leaves the self-test's notifications, refused or not, out of the overview's alerts and its last notification", async () => {
    const f = fixture();
    const refused = await f.ctx.db.notification.count({ where: { notifyType: "console_self_test", outcome: "REJECTED" } });
    expect(refused).toBeGreaterThan(0);
    const overview = await getOverview(f.ctx.db);
    expect(overview.alerts.map((alert) => alert.kind)).not.toContain("signature_failures");
    expect(overview.lastNotificationAt).toBeNull();
  });
});
