// What a gateway call means to an operator (alipay-protocol.md §2.3, §3): a key of the "GatewayCodes"
// messages (title, explanation, action), a category, and whether the same request may simply be sent
// again. First what Alipay said, by sub_code, then code, then outcome; then what that means for the
// method, since some answers do (ACQ.TRADE_NOT_EXIST is normal for a query before the scan, §3.1).
import type { GatewayCode } from "./codes";
import type { GatewayOutcome } from "./gateway-client";

export type GatewayCodeCategory =
  | "ok"
  | "not_found"
  | "retry_later"
  | "unknown_outcome"
  | "invalid_request"
  | "merchant_config"
  | "business_refused"
  | "signature";

/** [category, retry]: retry means the same request, unchanged, can succeed later (once a query shows it did not happen, when the outcome is unknown). */
const EXPLANATIONS = {
  success: ["ok", false],
  refundAccepted: ["ok", false],
  outcomeUnknown: ["unknown_outcome", true],
  outcomeUnknownPrecreate: ["unknown_outcome", true],
  outcomeUnknownRefund: ["unknown_outcome", true],
  queryUnanswered: ["retry_later", true],
  billNotReady: ["retry_later", true],
  forged: ["signature", false],
  invalidSignature: ["signature", false],
  signatureFields: ["signature", false],
  signatureNotConfigured: ["merchant_config", false],
  certificateMismatch: ["merchant_config", false],
  invalidAppId: ["merchant_config", false],
  invalidTimestamp: ["merchant_config", false],
  tokenPermission: ["merchant_config", false],
  insufficientConditions: ["merchant_config", false],
  productNotEnabled: ["merchant_config", false],
  missingArgument: ["invalid_request", false],
  invalidArgument: ["invalid_request", false],
  invalidBusinessParameter: ["invalid_request", false],
  forbiddenWord: ["invalid_request", false],
  refundRequestReused: ["invalid_request", false],
  tradeNotFound: ["not_found", false],
  tradeNotScanned: ["not_found", true],
  closeBeforeScan: ["not_found", false],
  businessFailed: ["business_refused", false],
  unrecognisedCode: ["business_refused", false],
  amountOutOfRange: ["business_refused", false],
  contextInconsistent: ["business_refused", false],
  tradeAlreadyPaid: ["business_refused", false],
  tradeAlreadyClosed: ["business_refused", false],
  tradeStatusError: ["business_refused", false],
  tradeNotClosable: ["business_refused", false],
  tradeNotRefundable: ["business_refused", false],
  tradeFinished: ["business_refused", false],
  refundNotAllowed: ["business_refused", false],
  refundAmountInvalid: ["business_refused", false],
  cancelNotAllowed: ["business_refused", false],
  sellerBalanceLow: ["business_refused", false],
  tradeFrozen: ["business_refused", false],
} as const satisfies Record<string, readonly [GatewayCodeCategory, boolean]>;

export type GatewayCodeKey = keyof typeof EXPLANATIONS;

/** Every key an explanation can have: the "GatewayCodes" messages must hold each of them. */
export const GATEWAY_CODE_KEYS = Object.keys(EXPLANATIONS) as readonly GatewayCodeKey[];

export const CODE_EXPLANATIONS: Readonly<Record<GatewayCode, GatewayCodeKey>> = {
  "10000": "success",
  "20000": "outcomeUnknown",
  "20001": "tokenPermission",
  "40001": "missingArgument",
  "40002": "invalidArgument",
  "40003": "insufficientConditions",
  "40004": "businessFailed",
  "40006": "productNotEnabled",
};

/** The sub-codes of §2.3 (all of SUB_CODE_MESSAGES, and the ones lib/payments branches on). */
export const SUB_CODE_EXPLANATIONS: Readonly<Record<string, GatewayCodeKey>> = {
  "isp.unknow-error": "outcomeUnknown",
  "aop.unknow-error": "outcomeUnknown",
  "ACQ.SYSTEM_ERROR": "outcomeUnknown",
  // The cancel error table's own misspelling (§2.3); it means the same.
  "AQC.SYSTEM_ERROR": "outcomeUnknown",
  "isv.missing-method": "missingArgument",
  "isv.missing-app-id": "missingArgument",
  "isv.missing-timestamp": "missingArgument",
  "isv.missing-version": "missingArgument",
  "isv.missing-signature": "signatureFields",
  "isv.missing-signature-type": "signatureFields",
  "isv.invalid-signature-type": "signatureFields",
  "isv.invalid-signature": "invalidSignature",
  "isv.missing-signature-config": "signatureNotConfigured",
  // Certificate mode (§5): the SNs sent do not name the certificates Alipay holds for the app.
  "isv.missing-app-cert-sn": "certificateMismatch",
  "isv.missing-alipay-root-cert-sn": "certificateMismatch",
  "isv.app-cert-not-exist": "certificateMismatch",
  "isv.invalid-alipay-root-cert-sn": "certificateMismatch",
  "isv.invalid-app-id": "invalidAppId",
  "ACQ.PARTNER_ERROR": "invalidAppId",
  "isv.invalid-timestamp": "invalidTimestamp",
  "isv.invalid-charset": "invalidArgument",
  "isv.invalid-format": "invalidArgument",
  "isv.invalid-method": "invalidArgument",
  "isv.invalid-parameter": "invalidArgument",
  "ACQ.ACCESS_FORBIDDEN": "productNotEnabled",
  "isp.bill_not_exist": "billNotReady",
  "ACQ.INVALID_PARAMETER": "invalidBusinessParameter",
  "ACQ.EXIST_FORBIDDEN_WORD": "forbiddenWord",
  "ACQ.TOTAL_FEE_EXCEED": "amountOutOfRange",
  "ACQ.CONTEXT_INCONSISTENT": "contextInconsistent",
  "ACQ.TRADE_HAS_SUCCESS": "tradeAlreadyPaid",
  "ACQ.TRADE_HAS_CLOSE": "tradeAlreadyClosed",
  "ACQ.TRADE_NOT_EXIST": "tradeNotFound",
  "ACQ.TRADE_STATUS_ERROR": "tradeStatusError",
  "ACQ.TRADE_HAS_FINISHED": "tradeFinished",
  "ACQ.TRADE_NOT_ALLOW_REFUND": "refundNotAllowed",
  "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL": "refundAmountInvalid",
  "ACQ.REASON_TRADE_REFUND_FEE_ERR": "refundAmountInvalid",
  "ACQ.DISCORDANT_REPEAT_REQUEST": "refundRequestReused",
  "ACQ.SELLER_BALANCE_NOT_ENOUGH": "sellerBalanceLow",
  "ACQ.REASON_TRADE_BEEN_FREEZEN": "tradeFrozen",
  "ACQ.TRADE_CANCEL_TIME_OUT": "cancelNotAllowed",
  "ACQ.CANCEL_NOT_ALLOWED": "cancelNotAllowed",
};

const READ_ONLY: Partial<Record<GatewayCodeKey, GatewayCodeKey>> = { outcomeUnknown: "queryUnanswered" };

/**
 * What a general meaning becomes for one method (§3): an unknown outcome is retried under a new
 * out_trade_no for precreate (§3.1) and under the same out_request_no for refund (§3.3), and is no
 * outcome at all for a read; no trade yet is normal for query and close before the scan (§3.1, §3.5).
 */
const BY_METHOD: Readonly<Record<string, Partial<Record<GatewayCodeKey, GatewayCodeKey>>>> = {
  "alipay.trade.precreate": { outcomeUnknown: "outcomeUnknownPrecreate" },
  "alipay.trade.refund": { outcomeUnknown: "outcomeUnknownRefund", success: "refundAccepted", tradeStatusError: "tradeNotRefundable" },
  "alipay.trade.query": { ...READ_ONLY, tradeNotFound: "tradeNotScanned" },
  "alipay.trade.close": { tradeNotFound: "closeBeforeScan", tradeStatusError: "tradeNotClosable" },
  "alipay.trade.fastpay.refund.query": READ_ONLY,
  "alipay.data.dataservice.bill.downloadurl.query": READ_ONLY,
};

export type ExplainableCall = { method: string; code: string | null; subCode: string | null; outcome: GatewayOutcome };

export type GatewayCodeExplanation = { key: GatewayCodeKey; category: GatewayCodeCategory; retry: boolean };

function generalKey({ code, subCode, outcome }: ExplainableCall): GatewayCodeKey {
  // Only a verified answer is believed (gateway-client.ts): whatever code an unverified one carries.
  if (outcome === "FORGED") return "forged";
  if (outcome === "UNKNOWN") return "outcomeUnknown";
  if (outcome === "SUCCESS") return "success";
  if (subCode !== null && Object.hasOwn(SUB_CODE_EXPLANATIONS, subCode)) return SUB_CODE_EXPLANATIONS[subCode]!;
  if (code !== null && Object.hasOwn(CODE_EXPLANATIONS, code)) return CODE_EXPLANATIONS[code as GatewayCode];
  return "unrecognisedCode";
}

/** Explains a gateway call as stored (alipay-protocol.md §2.3, §3). */
export function explainGatewayCall(call: ExplainableCall): GatewayCodeExplanation {
  const general = generalKey(call);
  const methodKeys = Object.hasOwn(BY_METHOD, call.method) ? BY_METHOD[call.method] : undefined;
  const key = methodKeys?.[general] ?? general;
  const [category, retry] = EXPLANATIONS[key];
  return { key, category, retry };
}
