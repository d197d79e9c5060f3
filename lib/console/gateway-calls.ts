// The gateway calls list as the console shows it: one page of a filtered view, newest first, each call
// with the key of its plain-words explanation.
import "server-only";
import { explainGatewayCall, type GatewayCodeKey } from "@/lib/alipay/explain-code";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/prisma/generated/sqlite/client";
import { asGatewayOutcome, type GatewayCallQuery } from "./gateway-call-query";
import { beijingDayRange } from "@/lib/url-params";

export function gatewayCallFilters(query: GatewayCallQuery): Prisma.GatewayCallWhereInput {
  const where: Prisma.GatewayCallWhereInput = {};
  if (query.method) where.method = query.method;
  if (query.outcome) where.outcome = query.outcome;
  if (query.code) where.OR = [{ code: query.code }, { subCode: query.code }];
  if (query.outTradeNo) where.order = { is: { outTradeNo: query.outTradeNo } };
  const createdAt = beijingDayRange(query.from, query.to);
  if (createdAt) where.createdAt = createdAt;
  return where;
}

const ROW_FIELDS = {
  id: true,
  createdAt: true,
  method: true,
  outcome: true,
  code: true,
  subCode: true,
  verdict: true,
  latencyMs: true,
  orderId: true,
  order: { select: { outTradeNo: true } },
} as const;

type Row = Prisma.GatewayCallGetPayload<{ select: typeof ROW_FIELDS }>;

function gatewayCallRowView(row: Row) {
  const outcome = asGatewayOutcome(row.outcome);
  const explanation: GatewayCodeKey = explainGatewayCall({ method: row.method, code: row.code, subCode: row.subCode, outcome }).key;
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    method: row.method,
    outcome,
    code: row.code,
    subCode: row.subCode,
    explanation,
    verdict: row.verdict,
    latencyMs: row.latencyMs,
    order: row.orderId ? { id: row.orderId, outTradeNo: row.order?.outTradeNo ?? row.orderId } : null,
  };
}
export type GatewayCallRowView = ReturnType<typeof gatewayCallRowView>;

export async function listGatewayCalls(db: Db, query: GatewayCallQuery) {
  const where = gatewayCallFilters(query);
  const [rows, total] = await Promise.all([
    db.gatewayCall.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (query.page - 1) * query.size, take: query.size, select: ROW_FIELDS }),
    db.gatewayCall.count({ where }),
  ]);
  return { rows: rows.map(gatewayCallRowView), total };
}
