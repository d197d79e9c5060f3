import { describe, expect, it } from "vitest";
import { GATEWAY_CODES, SUB_CODE_MESSAGES } from "./codes";
import { CODE_EXPLANATIONS, explainGatewayCall, GATEWAY_CODE_KEYS, SUB_CODE_EXPLANATIONS } from "./explain-code";
import type { GatewayOutcome } from "./gateway-client";

const METHODS = [
  "alipay.trade.precreate",
  "alipay.trade.query",
  "alipay.trade.refund",
  "alipay.trade.fastpay.refund.query",
  "alipay.trade.close",
  "alipay.trade.cancel",
  "alipay.data.dataservice.bill.downloadurl.query",
];
const OUTCOMES: GatewayOutcome[] = ["SUCCESS", "BUSINESS_ERROR", "UNKNOWN", "FORGED"];

const explain = (method: string, code: string | null, subCode: string | null, outcome: GatewayOutcome = "BUSINESS_ERROR") =>
  explainGatewayCall({ method, code, subCode, outcome });

describe("explainGatewayCall: coverage", () => {
  it.each(Object.keys(GATEWAY_CODES))("explains code %s", (code) => {
    expect(Object.hasOwn(CODE_EXPLANATIONS, code)).toBe(true);
    expect(explain("alipay.trade.cancel", code, null).key).not.toBe("unrecognisedCode");
  });

  it.each(Object.keys(SUB_CODE_MESSAGES))("explains sub-code %s on its own, not by its code", (subCode) => {
    expect(Object.hasOwn(SUB_CODE_EXPLANATIONS, subCode)).toBe(true);
    expect(explain("alipay.trade.cancel", "40004", subCode).key).not.toBe("businessFailed");
  });

  it("produces every key it declares, and only those: no message is written for nothing", () => {
    const seen = new Set<string>();
    const codes = [null, ...Object.keys(GATEWAY_CODES), "99999"];
    const subCodes = [null, ...Object.keys(SUB_CODE_EXPLANATIONS), "ACQ.NEVER_HEARD_OF"];
    for (const method of [...METHODS, "alipay.some.other"])
      for (const outcome of OUTCOMES)
        for (const code of codes) for (const subCode of subCodes) seen.add(explain(method, code, subCode, outcome).key);
    expect([...seen].sort()).toEqual([...GATEWAY_CODE_KEYS].sort());
  });

  it("uses keys next-intl can nest under (no dots)", () => {
    expect(GATEWAY_CODE_KEYS.filter((key) => !/^[A-Za-z][A-Za-z0-9]*$/.test(key))).toEqual([]);
  });
});

describe("explainGatewayCall: outcomes without an answer", () => {
  it("a timeout on a call that changes something: it may or may not have happened, query before retrying", () => {
    expect(explain("alipay.trade.close", null, null, "UNKNOWN")).toEqual({ key: "outcomeUnknown", category: "unknown_outcome", retry: true });
    expect(explain("alipay.trade.precreate", null, null, "UNKNOWN").key).toBe("outcomeUnknownPrecreate");
    expect(explain("alipay.trade.refund", null, null, "UNKNOWN").key).toBe("outcomeUnknownRefund");
    expect(explain("alipay.some.other", null, null, "UNKNOWN").category).toBe("unknown_outcome");
  });

  it.each(["alipay.trade.query", "alipay.trade.fastpay.refund.query", "alipay.data.dataservice.bill.downloadurl.query"])(
    "a timeout on %s changed nothing: ask again later",
    (method) => {
      expect(explain(method, null, null, "UNKNOWN")).toEqual({ key: "queryUnanswered", category: "retry_later", retry: true });
    },
  );

  it.each([
    ["20000", "isp.unknow-error"],
    ["20000", "aop.unknow-error"],
    ["20000", "ACQ.SYSTEM_ERROR"],
    ["40004", "ACQ.SYSTEM_ERROR"],
    ["20000", null],
  ])("%s %s is an unknown outcome whatever the code (§2.3)", (code, subCode) => {
    expect(explain("alipay.trade.refund", code, subCode, "UNKNOWN").key).toBe("outcomeUnknownRefund");
    // As stored by anything that classified it otherwise, the sub-code alone says the same.
    expect(explain("alipay.trade.refund", code, subCode, "BUSINESS_ERROR").key).toBe("outcomeUnknownRefund");
  });

  it("an unsigned 40004 is not believed: unknown, not the refusal it claims", () => {
    expect(explain("alipay.trade.refund", "40004", "ACQ.TRADE_NOT_ALLOW_REFUND", "UNKNOWN")).toMatchObject({ key: "outcomeUnknownRefund", retry: true });
  });

  it("a forged answer is a signature problem, whatever code it carries", () => {
    expect(explain("alipay.trade.query", null, null, "FORGED")).toEqual({ key: "forged", category: "signature", retry: false });
    expect(explain("alipay.trade.refund", "10000", null, "FORGED").key).toBe("forged");
  });
});

describe("explainGatewayCall: per method (§3)", () => {
  it("ACQ.TRADE_NOT_EXIST: normal before the scan for query and close, an error for refund", () => {
    expect(explain("alipay.trade.query", "40004", "ACQ.TRADE_NOT_EXIST")).toEqual({ key: "tradeNotScanned", category: "not_found", retry: true });
    expect(explain("alipay.trade.close", "40004", "ACQ.TRADE_NOT_EXIST")).toEqual({ key: "closeBeforeScan", category: "not_found", retry: false });
    expect(explain("alipay.trade.refund", "40004", "ACQ.TRADE_NOT_EXIST")).toEqual({ key: "tradeNotFound", category: "not_found", retry: false });
    expect(explain("alipay.trade.fastpay.refund.query", "40004", "ACQ.TRADE_NOT_EXIST").key).toBe("tradeNotFound");
  });

  it("ACQ.TRADE_STATUS_ERROR: paid or closed for close, not refundable for refund", () => {
    expect(explain("alipay.trade.close", "40004", "ACQ.TRADE_STATUS_ERROR").key).toBe("tradeNotClosable");
    expect(explain("alipay.trade.refund", "40004", "ACQ.TRADE_STATUS_ERROR").key).toBe("tradeNotRefundable");
    expect(explain("alipay.trade.cancel", "40004", "ACQ.TRADE_STATUS_ERROR").key).toBe("tradeStatusError");
  });

  it("10000 on refund only accepts the request: fund_change decides (§3.3)", () => {
    expect(explain("alipay.trade.refund", "10000", null, "SUCCESS")).toEqual({ key: "refundAccepted", category: "ok", retry: false });
    expect(explain("alipay.trade.precreate", "10000", null, "SUCCESS")).toEqual({ key: "success", category: "ok", retry: false });
  });

  it.each([
    "ACQ.TRADE_NOT_EXIST",
    "ACQ.TRADE_STATUS_ERROR",
    "ACQ.TRADE_HAS_FINISHED",
    "ACQ.TRADE_NOT_ALLOW_REFUND",
    "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
    "ACQ.REASON_TRADE_REFUND_FEE_ERR",
    "ACQ.DISCORDANT_REPEAT_REQUEST",
    "ACQ.SELLER_BALANCE_NOT_ENOUGH",
    "ACQ.REASON_TRADE_BEEN_FREEZEN",
    "ACQ.INVALID_PARAMETER",
  ])("refund %s is final: no retry (as lib/payments/refunds.ts settles it)", (subCode) => {
    expect(explain("alipay.trade.refund", "40004", subCode).retry).toBe(false);
  });
});

describe("explainGatewayCall: categories", () => {
  it.each([
    ["40002", "isv.invalid-signature", "invalidSignature", "signature"],
    ["40001", "isv.missing-signature", "signatureFields", "signature"],
    ["40003", "isv.missing-signature-config", "signatureNotConfigured", "merchant_config"],
    ["40002", "isv.invalid-app-id", "invalidAppId", "merchant_config"],
    ["40002", "isv.invalid-timestamp", "invalidTimestamp", "merchant_config"],
    ["40006", "ACQ.ACCESS_FORBIDDEN", "productNotEnabled", "merchant_config"],
    ["40001", "isv.missing-app-id", "missingArgument", "invalid_request"],
    ["40004", "ACQ.INVALID_PARAMETER", "invalidBusinessParameter", "invalid_request"],
    ["40004", "ACQ.DISCORDANT_REPEAT_REQUEST", "refundRequestReused", "invalid_request"],
    ["40004", "ACQ.TRADE_HAS_SUCCESS", "tradeAlreadyPaid", "business_refused"],
    ["40004", "ACQ.SELLER_BALANCE_NOT_ENOUGH", "sellerBalanceLow", "business_refused"],
  ])("%s %s → %s (%s)", (code, subCode, key, category) => {
    expect(explain("alipay.trade.cancel", code, subCode)).toMatchObject({ key, category });
  });

  it("a bill not generated yet is worth asking for again later", () => {
    expect(explain("alipay.data.dataservice.bill.downloadurl.query", "40004", "isp.bill_not_exist")).toEqual({ key: "billNotReady", category: "retry_later", retry: true });
  });

  it("an unknown sub-code falls back to its code, an unknown code to a plain refusal; prototype names are not codes", () => {
    expect(explain("alipay.trade.refund", "40004", "ACQ.NEW_THING").key).toBe("businessFailed");
    expect(explain("alipay.trade.refund", "40006", "isv.insufficient-isv-permissions").key).toBe("productNotEnabled");
    expect(explain("alipay.trade.refund", "40002", "constructor").key).toBe("invalidArgument");
    expect(explain("alipay.trade.refund", "toString", "__proto__").key).toBe("unrecognisedCode");
    expect(explain("hasOwnProperty", "99999", null)).toEqual({ key: "unrecognisedCode", category: "business_refused", retry: false });
  });
});
