// The audit log as the console shows it: one page of a filtered view, newest first, each entry's
// snapshots and detail as indented JSON.
import "server-only";
import { maskSecretsInText } from "@/lib/alipay/mask";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/prisma/generated/sqlite/client";
import type { AuditQuery } from "./audit-query";
import { beijingDayRange } from "@/lib/url-params";

export function auditFilters(query: AuditQuery): Prisma.AuditEntryWhereInput {
  const where: Prisma.AuditEntryWhereInput = {};
  if (query.action) where.action = query.action;
  if (query.outcome) where.outcome = query.outcome;
  if (query.actor) where.actorEmail = query.actor;
  if (query.target) where.targetId = query.target;
  const at = beijingDayRange(query.from, query.to);
  if (at) where.at = at;
  return where;
}

/** Indented for reading; stored text that is not JSON is shown as it is. Never a key either way. */
function readable(text: string | null): string | null {
  if (text === null) return null;
  try {
    return maskSecretsInText(JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    return maskSecretsInText(text);
  }
}

function parsedDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

type Row = Prisma.AuditEntryGetPayload<object>;

function auditEntryView(row: Row) {
  const detail = parsedDetail(row.detail);
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: { email: row.actorEmail, role: row.actorRole },
    action: row.action,
    outcome: row.outcome,
    // An order action records the order's number: a better label than its id.
    target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId, label: typeof detail.outTradeNo === "string" ? detail.outTradeNo : row.targetId } : null,
    address: row.address,
    userAgent: row.userAgent,
    before: readable(row.before),
    after: readable(row.after),
    detail: Object.keys(detail).length > 0 ? readable(row.detail) : null,
  };
}
export type AuditEntryView = ReturnType<typeof auditEntryView>;

export async function listAuditEntries(db: Db, query: AuditQuery) {
  const where = auditFilters(query);
  // Ids only grow, so newest first is by id: the (action, id) index serves the commonest filter.
  const [rows, total] = await Promise.all([
    db.auditEntry.findMany({ where, orderBy: { id: "desc" }, skip: (query.page - 1) * query.size, take: query.size }),
    db.auditEntry.count({ where }),
  ]);
  return { rows: rows.map(auditEntryView), total };
}
