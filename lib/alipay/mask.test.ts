import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeForm, FormDecodeError } from "./form";
import { formatBizContent, maskGatewayRequest, maskSecretsInText, REDACTED, shortenSign } from "./mask";

// As the SDK sends it (gateway-client.ts): common parameters in the URL, biz_content in the body (§1.1).
const SIGN =
  "e2ZAdhiDqrVdisrQL0vLHJyJBjVXgQKUxuHLDDXhLDFrO+jbYVsW8eLa3ewKNv1bLTSaVpEW91ZC3Exk+JSm0dSfAMgRsJ3t6bWKP6jkF36RstdItf/3pgH7xj2wDD5tkfqRpnsl5ey6GCISbgoM7GhKYHASO7MpcuykuB0djvmEXfqLgqm3JODDA6oPF3w5fFlFCFwEotizPRwMRiaOpBF8Xa2Rff8xlcMkxmMJDSfUyddk1d8B3rjw3x7BP6h8SckDuQjBcZsc3RMCgA20AZp13Xra2t9HZTec6SfAYv0zVJEPfQGEh95wyV9NrXbDP7W3MSIqyZgiroTTtgze9w==";
const URL =
  "https://openapi-sandbox.dl.alipaydev.com/gateway.do?method=alipay.trade.precreate&app_id=2021000122671080&charset=utf-8&version=1.0&sign_type=RSA2" +
  `&timestamp=2024-01-01+10%3A11%3A55&notify_url=https%3A%2F%2Fshop.example%2Fnotify&app_auth_token=202206BBsecrettoken&sign=${encodeURIComponent(SIGN)}`;
const BODY =
  "biz_content=%7B%22out_trade_no%22%3A%22T1%22%2C%22total_amount%22%3A%220.01%22%2C%22subject%22%3A%22%E6%B5%8B%E8%AF%95+%5C%22%E5%95%86%E5%93%81%5C%22+%26+%3Dx%22%7D";

describe("maskGatewayRequest", () => {
  it("lists the URL's parameters and then the body's, decoded once, with the sign shortened and the token masked", () => {
    expect(maskGatewayRequest(URL, BODY)).toEqual({
      endpoint: "https://openapi-sandbox.dl.alipaydev.com/gateway.do",
      charset: "utf-8",
      params: [
        ["method", "alipay.trade.precreate"],
        ["app_id", "2021000122671080"],
        ["charset", "utf-8"],
        ["version", "1.0"],
        ["sign_type", "RSA2"],
        ["timestamp", "2024-01-01 10:11:55"],
        ["notify_url", "https://shop.example/notify"],
        ["app_auth_token", REDACTED],
        ["sign", "e2ZAdh…9w=="],
        ["biz_content", '{"out_trade_no":"T1","total_amount":"0.01","subject":"测试 \\"商品\\" & =x"}'],
      ],
    });
  });

  it.each(["auth_token", "app_auth_token", "encrypt_key", "app_private_key", "client_secret", "password", "API_KEY"])("masks %s", (name) => {
    const { params } = maskGatewayRequest(null, encodeForm({ [name]: "s3cr3t-value", out_trade_no: "T1" }));
    expect(params).toEqual([
      [name, REDACTED],
      ["out_trade_no", "T1"],
    ]);
  });

  it("keeps what holds no secret: sign_type, the cert serial numbers, empty values", () => {
    const body = encodeForm({ sign_type: "RSA2", app_cert_sn: "50fa7bc5dc305a4fbdbe166689ddc827", alipay_root_cert_sn: "687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6", auth_token: "" });
    expect(maskGatewayRequest(null, body).params.map(([, value]) => value)).toEqual(["RSA2", "50fa7bc5dc305a4fbdbe166689ddc827", "687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6", ""]);
  });

  it("decodes a GBK body in the charset the URL names", () => {
    const body = encodeForm({ biz_content: '{"subject":"中文商品"}' }, "gbk");
    const masked = maskGatewayRequest("https://gw.example/gateway.do?charset=GBK&method=alipay.trade.precreate", body);
    expect(masked.charset).toBe("gbk");
    expect(masked.params.at(-1)).toEqual(["biz_content", '{"subject":"中文商品"}']);
  });

  it("takes everything from the body when the URL has no query, and nothing from nothing", () => {
    expect(maskGatewayRequest("https://gw.example/gateway.do", `app_id=1&sign=${encodeURIComponent(SIGN)}`)).toEqual({
      endpoint: "https://gw.example/gateway.do",
      charset: "utf-8",
      params: [
        ["app_id", "1"],
        ["sign", "e2ZAdh…9w=="],
      ],
    });
    expect(maskGatewayRequest(null, null)).toEqual({ endpoint: "", charset: "utf-8", params: [] });
  });

  it("refuses a malformed form rather than show it raw", () => {
    expect(() => maskGatewayRequest(null, "app_auth_token=%zz")).toThrow(FormDecodeError);
  });

  it("shortens a sign only when that hides something", () => {
    expect(shortenSign(SIGN)).toBe("e2ZAdh…9w==");
    expect(shortenSign("abcdefghijk")).toBe("abcdefghijk");
    expect(shortenSign("abcdefghijkl")).toBe("abcdef…ijkl");
  });
});

describe("formatBizContent", () => {
  it("indents JSON as JSON.stringify would", () => {
    const text = '{"out_trade_no":"T1","goods_detail":[{"goods_id":"g1","quantity":2},{"goods_id":"g2","quantity":1}],"extend_params":{},"query_options":[]}';
    expect(formatBizContent(text)).toBe(JSON.stringify(JSON.parse(text), null, 2));
  });

  it("keeps every token as sent, which a parse and stringify would not", () => {
    const text = '{"total_amount":1.10,"id":12345678901234567890,"url":"https:\\/\\/x.example\\/a","name":"\\u4e2d {a:1,[b]} \\"q, r: [1]\\""}';
    expect(formatBizContent(text)).toBe(
      '{\n  "total_amount": 1.10,\n  "id": 12345678901234567890,\n  "url": "https:\\/\\/x.example\\/a",\n  "name": "\\u4e2d {a:1,[b]} \\"q, r: [1]\\""\n}',
    );
  });

  it("re-indents JSON that came indented, and leaves text that is not JSON alone", () => {
    expect(formatBizContent('{ "a" : [ 1 , 2 ] ,\n "b" : { } }')).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {}\n}');
    expect(formatBizContent("not {json")).toBe("not {json");
  });
});

describe("maskSecretsInText", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privatePem = privateKey.export({ format: "pem", type: "pkcs8" }) as string;
  const publicBase64 = publicKey.export({ format: "der", type: "spki" }).toString("base64");

  it("removes a PEM block and keeps the text around it", () => {
    expect(maskSecretsInText(`bad key: ${privatePem} (check APP_PRIVATE_KEY)`)).toBe(`bad key: ${REDACTED}\n (check APP_PRIVATE_KEY)`);
  });

  it("removes a PEM block written out in JSON, and one cut short", () => {
    expect(maskSecretsInText(`{"key":${JSON.stringify(privatePem)}}`)).toBe(`{"key":"${REDACTED}\\n"}`);
    expect(maskSecretsInText(`got ${privatePem.slice(0, 100)}`)).toBe(`got ${REDACTED}`);
  });

  it("removes a bare base64 key, in one line or in lines", () => {
    expect(maskSecretsInText(`alipayPublicKey=${publicBase64};`)).toBe(`alipayPublicKey=${REDACTED};`);
    const wrapped = publicBase64.match(/.{1,64}/g)!.join("\n");
    expect(maskSecretsInText(`key:\n${wrapped}\nend`)).toBe(`key:\n${REDACTED}\nend`);
  });

  it("removes the signature the SDK writes into its messages", () => {
    expect(maskSecretsInText(`验签失败，服务端返回的 sign: '${SIGN}' 无效`)).toBe(`验签失败，服务端返回的 sign: '${REDACTED}' 无效`);
  });

  it("keeps what is shorter than a key and ordinary text, buyer fields included", () => {
    const text = `${"A".repeat(199)} trade 2023122122001499160501586202 buyer_logon_id ifv***@sandbox.com ${"word ".repeat(60)}`;
    expect(maskSecretsInText(text)).toBe(text);
    expect(maskSecretsInText("A".repeat(200))).toBe(REDACTED);
  });
});
