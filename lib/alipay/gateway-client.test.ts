// The gateway client against the local Alipay over real HTTP: what it captures of the wire and how
// it classifies each kind of answer, including the ones the SDK cannot read.
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestSandbox, uniqueOutTradeNo, type TestSandbox } from "@/sandbox/testing/harness";
import { stringifyAlipayJson } from "./alipay-json";
import { createGatewayClient, type GatewayClient } from "./gateway-client";
import { loadPrivateKey } from "./keys";
import { signText } from "./sign";
import { formatAlipayTime } from "./time";

let sandbox: TestSandbox;
let client: GatewayClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  client = createGatewayClient({
    appId: sandbox.ctx.config.appId,
    appPrivateKey: loadPrivateKey(sandbox.appPrivateKeyPem),
    alipayPublicKey: sandbox.ctx.keys.alipayPublicKey,
    gatewayUrl: `${sandbox.url}/gateway.do`,
    timeoutMs: 2000,
  });
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.api("DELETE", "/api/faults"));

describe("createGatewayClient", () => {
  it("calls through the SDK, verified, and captures the exact wire", async () => {
    const outTradeNo = uniqueOutTradeNo("G");
    const call = await client.call("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "1.00", subject: "s" }, { notifyUrl: "https://shop.example/notify" });
    expect(call).toMatchObject({ outcome: "SUCCESS", code: "10000", verdict: "VALID", error: null });
    expect(call.node).toMatchObject({ out_trade_no: outTradeNo });
    expect(call.attempts).toHaveLength(1);
    const [attempt] = call.attempts;
    const query = new URL(attempt!.url).searchParams;
    expect(query.get("method")).toBe("alipay.trade.precreate");
    expect(query.get("notify_url")).toBe("https://shop.example/notify");
    expect(new URLSearchParams(attempt!.requestBody).get("biz_content")).toContain(outTradeNo);
    expect(attempt!.status).toBe(200);
    expect(attempt!.responseBody!.toString()).toContain('"qr_code":"http:\\/\\/localhost');
    // Beijing time, whatever the process's time zone (the SDK alone would use the local one).
    const sent = Date.parse(`${query.get("timestamp")!.replace(" ", "T")}+08:00`);
    expect(Math.abs(sent - Date.now())).toBeLessThan(60_000);
    expect(query.get("timestamp")!.slice(0, 13)).toBe(formatAlipayTime(new Date()).slice(0, 13));
  });

  it("keeps concurrent calls apart", async () => {
    const numbers = Array.from({ length: 12 }, () => uniqueOutTradeNo("C"));
    const calls = await Promise.all(numbers.map((n) => client.call("alipay.trade.precreate", { out_trade_no: n, total_amount: "1.00", subject: "s" })));
    calls.forEach((call, i) => {
      expect(call.attempts).toHaveLength(1);
      expect(call.attempts[0]!.requestBody).toContain(numbers[i]);
      expect(call.attempts[0]!.responseBody!.toString()).toContain(numbers[i]);
    });
  });

  it("reports a business error as Alipay's verified word", async () => {
    const call = await client.call("alipay.trade.query", { out_trade_no: "NOPE" });
    expect(call).toMatchObject({ outcome: "BUSINESS_ERROR", code: "40004", subCode: "ACQ.TRADE_NOT_EXIST", verdict: "VALID" });
  });

  it.each([
    [{ code: "20000", subCode: "isp.unknow-error" }],
    [{ code: "40004", subCode: "ACQ.SYSTEM_ERROR" }],
  ])("calls %o an unknown outcome", async (params) => {
    await sandbox.api("POST", "/api/faults", { kind: "gateway_error", method: "alipay.trade.query", count: 1, params });
    const call = await client.call("alipay.trade.query", { out_trade_no: "X" });
    expect(call).toMatchObject({ outcome: "UNKNOWN", code: params.code, subCode: params.subCode });
  });

  it("calls a timeout an unknown outcome, with no answer captured", async () => {
    await sandbox.api("POST", "/api/faults", { kind: "gateway_slow", method: "alipay.trade.query", count: 1, params: { delayMs: 4000 } });
    const call = await client.call("alipay.trade.query", { out_trade_no: "X" });
    expect(call.outcome).toBe("UNKNOWN");
    expect(call.error).toBeTruthy();
    expect(call.attempts[0]!.status).toBeNull();
  });

  it("reads the unsigned error of an unknown app, which the SDK cannot verify", async () => {
    const stranger = createGatewayClient({
      appId: "2021999999999999",
      appPrivateKey: loadPrivateKey(sandbox.appPrivateKeyPem),
      alipayPublicKey: sandbox.ctx.keys.alipayPublicKey,
      gatewayUrl: `${sandbox.url}/gateway.do`,
    });
    const call = await stranger.call("alipay.trade.query", { out_trade_no: "X" });
    expect(call).toMatchObject({ outcome: "BUSINESS_ERROR", code: "40002", subCode: "isv.invalid-app-id", verdict: "UNSIGNED_ERROR" });
  });
});

describe("createGatewayClient against a gateway that is not Alipay", () => {
  let server: Server;
  let answer: (res: import("node:http").ServerResponse) => void;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => answer(res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway.do`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const callThrough = () =>
    createGatewayClient({ appId: sandbox.ctx.config.appId, appPrivateKey: loadPrivateKey(sandbox.appPrivateKeyPem), alipayPublicKey: sandbox.ctx.keys.alipayPublicKey, gatewayUrl: url })
      .call("alipay.trade.query", { out_trade_no: "X" });

  it("calls a success signed by another key FORGED, and keeps the body", async () => {
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const content = stringifyAlipayJson({ code: "10000", msg: "Success", trade_status: "TRADE_SUCCESS" });
    answer = (res) => res.end(`{"alipay_trade_query_response":${content},"sign":"${signText(content, stranger)}"}`);
    const call = await callThrough();
    expect(call).toMatchObject({ outcome: "FORGED", verdict: "INVALID", node: null });
    expect(call.attempts[0]!.responseBody!.toString()).toContain("TRADE_SUCCESS");
  });

  it("refuses a genuinely signed node followed by a second node of the same name (the SDK would take the second)", async () => {
    const genuine = stringifyAlipayJson({ code: "10000", msg: "Success", trade_status: "WAIT_BUYER_PAY" });
    const injected = stringifyAlipayJson({ code: "10000", msg: "Success", trade_status: "TRADE_SUCCESS" });
    const sign = signText(genuine, sandbox.ctx.keys.alipayPrivateKey);
    answer = (res) => res.end(`{"alipay_trade_query_response":${genuine},"sign":"${sign}","alipay_trade_query_response":${injected}}`);
    const call = await callThrough();
    expect(call).toMatchObject({ outcome: "FORGED", node: null });
  });

  it("does not believe an unsigned business error: Alipay signs those for a known app", async () => {
    answer = (res) => res.end(`{"alipay_trade_query_response":{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_STATUS_ERROR","sub_msg":"x"}}`);
    const call = await callThrough();
    expect(call).toMatchObject({ outcome: "UNKNOWN", verdict: "UNSIGNED_ERROR", subCode: "ACQ.TRADE_STATUS_ERROR" });
  });

  it("calls an HTTP 500 an unknown outcome, with the body kept", async () => {
    answer = (res) => {
      res.statusCode = 500;
      res.end("<html>upstream error</html>");
    };
    const call = await callThrough();
    expect(call).toMatchObject({ outcome: "UNKNOWN", verdict: null });
    expect(call.attempts[0]).toMatchObject({ status: 500 });
    expect(call.attempts[0]!.responseBody!.toString()).toContain("upstream error");
  });
});
