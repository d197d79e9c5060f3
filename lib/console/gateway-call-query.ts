// The gateway calls list's view as a URL: method, outcome, code or sub-code, the order's number, Beijing
// days and page. Parsed strictly (a bad value is reported, never guessed) and written back canonically,
// so that the same view always has the same URL.
import type { GatewayOutcome } from "@/lib/alipay/gateway-client";
import { one, parseChoice, parseDaysAndPage, parseText, writeDaysAndPage, type DaysAndPage, type Problem, type SearchParams } from "@/lib/url-params";

/** The methods lib/payments calls through the gateway client, as explain-code.ts knows them. */
export const GATEWAY_METHODS = [
  "alipay.trade.precreate",
  "alipay.trade.query",
  "alipay.trade.close",
  "alipay.trade.refund",
  "alipay.trade.fastpay.refund.query",
  "alipay.data.dataservice.bill.downloadurl.query",
] as const;
export type GatewayMethod = (typeof GATEWAY_METHODS)[number];

export const GATEWAY_OUTCOMES = ["SUCCESS", "BUSINESS_ERROR", "UNKNOWN", "FORGED"] as const satisfies readonly GatewayOutcome[];

/** A stored outcome; anything unexpected is not Alipay's verified word, so it counts as unknown. */
export function asGatewayOutcome(value: string): GatewayOutcome {
  return (GATEWAY_OUTCOMES as readonly string[]).includes(value) ? (value as GatewayOutcome) : "UNKNOWN";
}

export type GatewayCallQuery = DaysAndPage & {
  method: GatewayMethod | null;
  outcome: GatewayOutcome | null;
  /** Matches the code or the sub-code exactly: "40004", "ACQ.TRADE_NOT_EXIST". */
  code: string | null;
  /** The order's out_trade_no, exactly. */
  outTradeNo: string | null;
};

export type GatewayCallQueryProblem = Problem<keyof GatewayCallQuery>;

const CODE = /^[A-Za-z0-9._-]{1,64}$/;
const OUT_TRADE_NO = /^[A-Za-z0-9_]{1,64}$/;

export function parseGatewayCallQuery(params: SearchParams): { query: GatewayCallQuery; problems: GatewayCallQueryProblem[] } {
  const problems: GatewayCallQueryProblem[] = [];
  const method = parseChoice(one(params.method), GATEWAY_METHODS, "method", problems);
  const outcome = parseChoice(one(params.outcome), GATEWAY_OUTCOMES, "outcome", problems);
  const code = parseText(one(params.code), CODE, "code", "must be a code or sub-code: letters, digits, . _ - (64 at most)", problems);
  const outTradeNo = parseText(one(params.outTradeNo), OUT_TRADE_NO, "outTradeNo", "must be an order number: 1 to 64 letters, digits or underscores", problems);
  return { query: { method, outcome, code, outTradeNo, ...parseDaysAndPage(params, problems) }, problems };
}

/** The canonical URL search of a view: defaults left out, in a fixed order. */
export function gatewayCallSearch(query: GatewayCallQuery, changes: Partial<GatewayCallQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.method) params.set("method", next.method);
  if (next.outcome) params.set("outcome", next.outcome);
  if (next.code) params.set("code", next.code);
  if (next.outTradeNo) params.set("outTradeNo", next.outTradeNo);
  return writeDaysAndPage(params, next);
}
