// One gateway call as its page shows it: the request as masked parameters, the response as it came
// (decoded, its signature shortened), what it means, and its order. Never a key or a whole signature.
import "server-only";
import { explainGatewayCall } from "@/lib/alipay/explain-code";
import { FormDecodeError, type FormCharset } from "@/lib/alipay/form";
import { formatBizContent, maskGatewayRequest, maskSecretsInText } from "@/lib/alipay/mask";
import type { Db } from "@/lib/db";
import { asGatewayOutcome } from "./gateway-call-query";
import { decodeResponseBody, maskResponseText } from "./response-body";

export type RequestView =
  | { kind: "none" }
  | { kind: "unreadable"; reason: string }
  | { kind: "masked"; endpoint: string; charset: FormCharset; params: Array<[name: string, value: string]> };

function requestView(url: string | null, body: string | null): RequestView {
  if (url === null && body === null) return { kind: "none" };
  try {
    const masked = maskGatewayRequest(url, body);
    const params = masked.params.map(([name, value]): [string, string] => [name, name === "biz_content" ? formatBizContent(value) : value]);
    return { kind: "masked", endpoint: masked.endpoint, charset: masked.charset, params };
  } catch (error) {
    if (error instanceof FormDecodeError) return { kind: "unreadable", reason: maskSecretsInText(error.message) };
    throw error;
  }
}

export async function getGatewayCallDetail(db: Db, id: string) {
  const call = await db.gatewayCall.findUnique({ where: { id }, include: { order: { select: { id: true, outTradeNo: true } } } });
  if (!call) return null;
  const outcome = asGatewayOutcome(call.outcome);
  const request = requestView(call.requestUrl, call.requestBody);
  const charset = request.kind === "masked" ? request.charset : "utf-8";
  return {
    id: call.id,
    traceId: call.traceId,
    method: call.method,
    outcome,
    code: call.code,
    subCode: call.subCode,
    verdict: call.verdict,
    explanation: explainGatewayCall({ method: call.method, code: call.code, subCode: call.subCode, outcome }),
    error: call.error === null ? null : maskSecretsInText(call.error),
    createdAt: call.createdAt.toISOString(),
    latencyMs: call.latencyMs,
    wireAttempts: call.wireAttempts,
    responseStatus: call.responseStatus,
    order: call.order,
    request,
    response: call.responseBody === null ? null : maskResponseText(decodeResponseBody(call.responseBody, charset)),
  };
}

export type GatewayCallDetail = NonNullable<Awaited<ReturnType<typeof getGatewayCallDetail>>>;
