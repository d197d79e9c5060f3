// Response signatures on bodies we sign ourselves with a throwaway key, for the rules the shared
// vectors cannot show: Alipay's `\/` escapes must be kept, a success must be signed.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { stringifyAlipayJson } from "./alipay-json";
import { ResponseFormatError, verifyResponse } from "./response";
import { signText } from "./sign";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const node = { code: "10000", msg: "Success", out_trade_no: "A1", qr_code: "https://qr.alipay.com/bax0abc" };
const content = stringifyAlipayJson(node);
const body = `{"alipay_trade_precreate_response":${content},"sign":"${signText(content, privateKey)}"}`;

describe("verifyResponse (§2.2)", () => {
  it("verifies the raw node text, Alipay's \\/ escapes included", () => {
    expect(content).toContain('"qr_code":"https:\\/\\/qr.alipay.com\\/bax0abc"');
    expect(verifyResponse(body, "alipay.trade.precreate", publicKey).verdict).toBe("VALID");
  });

  it("fails once the node is re-serialised with JSON.stringify (the escapes are lost)", () => {
    const reserialised = body.replace(content, JSON.stringify(JSON.parse(content)));
    expect(reserialised).not.toBe(body);
    expect(verifyResponse(reserialised, "alipay.trade.precreate", publicKey).verdict).toBe("INVALID");
  });

  it("calls an unsigned success MISSING and untrusted, an unsigned error UNSIGNED_ERROR", () => {
    const unsigned = verifyResponse(`{"alipay_trade_precreate_response":${content}}`, "alipay.trade.precreate", publicKey);
    expect(unsigned).toMatchObject({ verdict: "MISSING", trusted: false });
    const error = `{"alipay_trade_query_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-app-id"}}`;
    expect(verifyResponse(error, "alipay.trade.query", publicKey)).toMatchObject({ verdict: "UNSIGNED_ERROR", trusted: true });
  });

  it("reads the generic error_response node, and refuses a body with neither node", () => {
    const generic = `{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-method"}}`;
    expect(verifyResponse(generic, "alipay.trade.pay", publicKey).nodeName).toBe("error_response");
    expect(() => verifyResponse(`{"other":{}}`, "alipay.trade.query", publicKey)).toThrow(ResponseFormatError);
  });
});
