import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { REDACTED } from "@/lib/alipay/mask";
import { decodeResponseBody, maskResponseText } from "./response-body";

const SIGN = "e2ZAdhiDqrVdisrQL0vLHJyJBjVXgQKUxuHLDDXhLDFrO+jbYVsW8eLa3ewKNv1bLTSaVpEW91ZC3Exk+JSm0dSfAMgRsJ3t6bWKP6jkF36RstdItf/3pgH7xj2wDD5tkfqRpnsl5ey6GCISbgoM7GhKYHASO7MpcuykuB0djvmEXfqLgqm3JODDA6oPF3w5fFlFCFwEotizPRwMRiaOpBF8Xa2Rff8xlcMkxmMJDSfUyddk1d8B3rjw3x7BP6h8SckDuQjBcZsc3RMCgA20AZp13Xra2t9HZTec6SfAYv0zVJEPfQGEh95wyV9NrXbDP7W3MSIqyZgiroTTtgze9w==";
const BODY = `{"alipay_trade_query_response":{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_NOT_EXIST","sub_msg":"交易不存在","total_amount":"0.10"},"sign":"${SIGN}"}`;

describe("a stored gateway response, as shown", () => {
  it("decodes the bytes in the request's charset", () => {
    expect(decodeResponseBody(iconv.encode(BODY, "gbk"), "gbk")).toBe(BODY);
    expect(decodeResponseBody(Buffer.from(BODY, "utf8"), "utf-8")).toBe(BODY);
    expect(decodeResponseBody(iconv.encode("交易不存在", "gbk"), "utf-8")).toContain("\ufffd");
  });

  it("shortens the signature and indents the JSON, its tokens as sent", () => {
    const shown = maskResponseText(BODY);
    expect(shown).not.toContain(SIGN);
    expect(shown).toContain('"sign": "e2ZAdh…9w=="');
    expect(shown).toContain('\n    "total_amount": "0.10"');
  });

  it("masks a key in a body that is not JSON", () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${"A".repeat(64)}\n-----END PRIVATE KEY-----`;
    expect(maskResponseText(`<html>bad gateway ${pem}</html>`)).toBe(`<html>bad gateway ${REDACTED}</html>`);
  });
});
