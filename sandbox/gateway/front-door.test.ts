// What the gateway checks before any business rule, on the wire: signature, app, method, common
// parameters, transport (query/body split, GET, GBK), each answered with Alipay's real codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { encodeForm } from "@/lib/alipay/form";
import { loadPrivateKey } from "@/lib/alipay/keys";
import { verifyResponse } from "@/lib/alipay/response";
import { signText } from "@/lib/alipay/sign";
import { requestSignContent } from "@/lib/alipay/sign-content";
import { formatAlipayTime } from "@/lib/alipay/time";
import { startTestSandbox, uniqueOutTradeNo, type TestSandbox } from "../testing/harness";

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());

function baseParams(method = "alipay.trade.query", biz: Record<string, unknown> = { out_trade_no: "NONE" }): Record<string, string> {
  return {
    app_id: sandbox.ctx.config.appId,
    method,
    charset: "utf-8",
    sign_type: "RSA2",
    timestamp: formatAlipayTime(new Date()),
    version: "1.0",
    biz_content: JSON.stringify(biz),
  };
}

function sign(params: Record<string, string>, charset: "utf-8" | "gbk" = "utf-8"): Record<string, string> {
  return { ...params, sign: signText(requestSignContent(params), loadPrivateKey(sandbox.appPrivateKeyPem), "RSA2", charset) };
}

async function post(params: Record<string, string>, options: { split?: boolean; charset?: "utf-8" | "gbk" } = {}) {
  const charset = options.charset ?? "utf-8";
  const common = ["app_id", "method", "format", "charset", "sign_type", "sign", "timestamp", "version", "notify_url"];
  const query = options.split === false ? {} : Object.fromEntries(Object.entries(params).filter(([k]) => common.includes(k)));
  const body = Object.fromEntries(Object.entries(params).filter(([k]) => !(k in query)));
  const response = await fetch(`${sandbox.url}/gateway.do?${encodeForm(query, charset)}`, {
    method: "POST",
    headers: { "content-type": `application/x-www-form-urlencoded;charset=${charset}` },
    body: encodeForm(body, charset),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, contentType: response.headers.get("content-type"), raw: charset === "gbk" ? iconv.decode(bytes, "gbk") : bytes.toString("utf8") };
}

function verified(raw: string, method: string) {
  return verifyResponse(raw, method, sandbox.ctx.keys.alipayPublicKey);
}

describe("gateway front door", () => {
  it("answers HTTP 200 text/html with a signed body even for errors", async () => {
    const { status, contentType, raw } = await post(sign(baseParams()));
    expect(status).toBe(200);
    expect(contentType).toBe("text/html;charset=utf-8");
    const result = verified(raw, "alipay.trade.query");
    expect(result.verdict).toBe("VALID");
    expect(result.node).toMatchObject({ code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_NOT_EXIST" });
    expect(raw.startsWith('{"alipay_trade_query_response":{"code":"40004","msg":"Business Failed","sub_code"')).toBe(true);
  });

  it("refuses a bad signature with 40002 isv.invalid-signature and echoes the string it verified", async () => {
    const params = sign(baseParams());
    const { raw } = await post({ ...params, timestamp: formatAlipayTime(new Date(Date.now() + 1000)) });
    const result = verified(raw, "alipay.trade.query");
    expect(result.verdict).toBe("VALID");
    expect(result.node).toMatchObject({ code: "40002", sub_code: "isv.invalid-signature" });
    expect(String(result.node.sub_msg)).toContain("app_id=2021000000000001&amp;biz_content=");
  });

  it("refuses a request signed by a key that is not the app's", async () => {
    const params = baseParams();
    const { raw } = await post({ ...params, sign: signText(requestSignContent(params), sandbox.ctx.keys.strangerPrivateKey) });
    expect(verified(raw, "alipay.trade.query").node.sub_code).toBe("isv.invalid-signature");
  });

  it("answers an unknown app unsigned, as the gateway has no key for it", async () => {
    const { raw } = await post(sign({ ...baseParams(), app_id: "2021999999999999" }));
    const result = verified(raw, "alipay.trade.query");
    expect(result.verdict).toBe("UNSIGNED_ERROR");
    expect(result.node).toMatchObject({ code: "40002", sub_code: "isv.invalid-app-id" });
  });

  it("answers a missing or unknown method in error_response", async () => {
    const { method: _m, ...noMethod } = baseParams();
    expect(verified((await post(sign(noMethod))).raw, "alipay.trade.query").node).toMatchObject({ code: "40001", sub_code: "isv.missing-method" });
    const unknown = await post(sign(baseParams("alipay.trade.pay")));
    expect(unknown.raw.startsWith('{"error_response"')).toBe(true);
    expect(verified(unknown.raw, "alipay.trade.pay").node).toMatchObject({ code: "40002", sub_code: "isv.invalid-method" });
  });

  it.each([
    ["missing sign", (p: Record<string, string>) => { const { sign: _s, ...rest } = p; return rest; }, "40001", "isv.missing-signature"],
    ["missing sign_type", (p: Record<string, string>) => { const { sign_type: _s, ...rest } = p; return rest; }, "40001", "isv.missing-signature-type"],
    ["unknown sign_type", (p: Record<string, string>) => ({ ...p, sign_type: "MD5" }), "40002", "isv.invalid-signature-type"],
    ["legacy RSA", (p: Record<string, string>) => ({ ...p, sign_type: "RSA" }), "40003", "isv.missing-signature-config"],
    ["missing timestamp", (p: Record<string, string>) => { const { timestamp: _t, ...rest } = p; return rest; }, "40001", "isv.missing-timestamp"],
    ["ISO timestamp", (p: Record<string, string>) => ({ ...p, timestamp: "2024-01-01T10:00:00Z" }), "40002", "isv.invalid-timestamp"],
    ["impossible date", (p: Record<string, string>) => ({ ...p, timestamp: "2024-02-30 10:00:00" }), "40002", "isv.invalid-timestamp"],
    ["missing version", (p: Record<string, string>) => { const { version: _v, ...rest } = p; return rest; }, "40001", "isv.missing-version"],
    ["version 2.0", (p: Record<string, string>) => ({ ...p, version: "2.0" }), "40002", "isv.invalid-parameter"],
    ["charset latin1", (p: Record<string, string>) => ({ ...p, charset: "latin1" }), "40002", "isv.invalid-charset"],
    ["format XML", (p: Record<string, string>) => ({ ...p, format: "XML" }), "40002", "isv.invalid-format"],
    ["missing app_id", (p: Record<string, string>) => { const { app_id: _a, ...rest } = p; return rest; }, "40001", "isv.missing-app-id"],
  ])("refuses %s", async (_name, mutate, code, subCode) => {
    const params = baseParams();
    const mutated = mutate(sign(params));
    const { raw } = await post(mutated);
    expect(verified(raw, "alipay.trade.query").node).toMatchObject({ code, sub_code: subCode });
  });

  it.each(["{not json", "[1,2]", '"text"', "42", "null"])("refuses biz_content %s: not a JSON object", async (bizContent) => {
    const params = { ...baseParams(), biz_content: bizContent };
    expect(verified((await post(sign(params))).raw, "alipay.trade.query").node.sub_code).toBe("ACQ.INVALID_PARAMETER");
  });

  it("refuses deeply nested biz fields with a business error, not a crash", async () => {
    const deep = "[".repeat(50_000) + "]".repeat(50_000);
    const params = {
      ...baseParams("alipay.trade.precreate"),
      biz_content: `{"out_trade_no":"${uniqueOutTradeNo()}","total_amount":"1.00","subject":"s","goods_detail":${deep}}`,
    };
    const { status, raw } = await post(sign(params));
    expect(status).toBe(200);
    expect(verified(raw, "alipay.trade.precreate").node.sub_code).toBe("ACQ.INVALID_PARAMETER");
  });

  it("treats empty-valued parameters as absent, as the signature rule does (§1.3)", async () => {
    const params = sign(baseParams("alipay.trade.precreate", { out_trade_no: uniqueOutTradeNo(), total_amount: "1.00", subject: "s" }));
    const { raw } = await post({ ...params, notify_url: "", format: "" });
    expect(verified(raw, "alipay.trade.precreate").node.code).toBe("10000");
  });

  it("keeps a __proto__ parameter a parameter (and so a signature mismatch), never a prototype", async () => {
    const params = sign(baseParams());
    const response = await fetch(`${sandbox.url}/gateway.do`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `${encodeForm(params)}&__proto__=x`,
    });
    expect(verified(await response.text(), "alipay.trade.query").node.sub_code).toBe("isv.invalid-signature");
  });

  it("accepts every parameter in the body, and a GET with everything in the query string", async () => {
    const inBody = await post(sign(baseParams()), { split: false });
    expect(verified(inBody.raw, "alipay.trade.query").node.sub_code).toBe("ACQ.TRADE_NOT_EXIST");
    const get = await fetch(`${sandbox.url}/gateway.do?${encodeForm(sign(baseParams()))}`);
    expect(verified(await get.text(), "alipay.trade.query").node.sub_code).toBe("ACQ.TRADE_NOT_EXIST");
  });

  it("refuses a parameter sent twice", async () => {
    const params = sign(baseParams());
    const response = await fetch(`${sandbox.url}/gateway.do?${encodeForm({ app_id: params.app_id! })}`, {
      method: "POST",
      body: encodeForm(params),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(verified(await response.text(), "alipay.trade.query").node).toMatchObject({ code: "40002", sub_code: "isv.invalid-parameter" });
  });

  it("takes a GBK request signed over GBK bytes and answers in GBK", async () => {
    const outTradeNo = uniqueOutTradeNo("GBK");
    const params = { ...baseParams("alipay.trade.precreate", { out_trade_no: outTradeNo, total_amount: "1.00", subject: "中文商品" }), charset: "GBK" };
    const { raw, contentType } = await post(sign(params, "gbk"), { charset: "gbk" });
    expect(contentType).toBe("text/html;charset=gbk");
    const result = verifyResponse(raw, "alipay.trade.precreate", sandbox.ctx.keys.alipayPublicKey);
    expect(result.node.code).toBe("10000");
    const detail = await sandbox.api<{ precreate: { subject: string; charset: string } }>("GET", `/api/trades/${outTradeNo}`);
    expect(detail.json.precreate).toMatchObject({ subject: "中文商品", charset: "gbk" });
  });

  it("refuses a notify_url that is not an http(s) URL", async () => {
    const params = { ...baseParams("alipay.trade.precreate", { out_trade_no: uniqueOutTradeNo(), total_amount: "1.00", subject: "s" }), notify_url: "ftp://x" };
    expect(verified((await post(sign(params))).raw, "alipay.trade.precreate").node.sub_code).toBe("isv.invalid-parameter");
  });
});

describe("sandbox API input", () => {
  it("answers a malformed escape in a path with 400, not a crash", async () => {
    for (const [method, path] of [["GET", "/api/trades/%ZZ"], ["POST", "/api/trades/%E0/finish"], ["POST", "/api/trades/%E0/notify"]] as const) {
      const { status, json } = await sandbox.api<{ error: { code: string } }>(method, path);
      expect(status).toBe(400);
      expect(json.error.code).toBe("INVALID_PATH");
    }
  });

  it("refuses to move the clock by more than 400 days or by nothing, and keeps working", async () => {
    for (const advance of [1e300, "99999999999d", 0, "0s", "soon"]) {
      expect((await sandbox.api("POST", "/api/clock", { advance })).status).toBe(400);
    }
    expect((await sandbox.api("GET", "/api/health")).status).toBe(200);
  });
});
