// What the alerts page reads: alerts by status, newest first; each rule's setting; the chat robots, their
// webhook tokens masked (a token is a credential) and their secrets never sent to the browser. And what
// the overview reads: the alerts not resolved yet.
import "server-only";
import type { Db } from "@/lib/db";
import { ALERT_RULES, effectiveSettings, isAlertRule, type AlertRule } from "@/lib/alerts/rules";

export const ALERT_STATUSES = ["OPEN", "ACKNOWLEDGED", "RESOLVED"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
const PAGE = 100;

/** `https://oapi.dingtalk.com/robot/send?access_token=abcd…wxyz`: enough to recognise it, not to use it. */
export function maskRobotUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const [name, value] of parsed.searchParams) parsed.searchParams.set(name, value.length > 8 ? `${value.slice(0, 4)}…${value.slice(-4)}` : "…");
    return decodeURIComponent(parsed.toString());
  } catch {
    return "…";
  }
}

export async function listAlerts(db: Db, status: AlertStatus) {
  const [rows, counts] = await Promise.all([
    db.alert.findMany({ where: { status }, orderBy: { lastAt: "desc" }, take: PAGE, include: { _count: { select: { deliveries: true } } } }),
    db.alert.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  return {
    counts: Object.fromEntries(ALERT_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?._count._all ?? 0])) as Record<AlertStatus, number>,
    alerts: rows.flatMap((row) =>
      isAlertRule(row.rule)
        ? [{
            id: row.id,
            rule: row.rule as AlertRule,
            severity: row.severity,
            status: row.status as AlertStatus,
            detail: JSON.parse(row.detail) as Record<string, unknown>,
            orderId: row.orderId,
            occurrences: row.occurrences,
            firstAt: row.firstAt.toISOString(),
            lastAt: row.lastAt.toISOString(),
            acknowledgedBy: row.acknowledgedBy,
            resolvedBy: row.resolvedBy,
            resolvedAt: row.resolvedAt?.toISOString() ?? null,
            note: row.note,
            deliveries: row._count.deliveries,
          }]
        : [],
    ),
  };
}

export type AlertView = Awaited<ReturnType<typeof listAlerts>>["alerts"][number];

/** An alert not resolved yet, as the overview lists it (and as the change feed's alert items update it). */
export type OpenAlertView = { id: string; rule: AlertRule; severity: string; status: string; detail: Record<string, unknown>; occurrences: number; orderId: string | null };

/** The alerts not resolved yet, the latest first: the overview's list; `total`: how many there are. */
export async function listOpenAlerts(db: Db, limit = 8): Promise<{ alerts: OpenAlertView[]; total: number }> {
  const where = { status: { in: ["OPEN", "ACKNOWLEDGED"] } };
  const [rows, total] = await Promise.all([db.alert.findMany({ where, orderBy: { lastAt: "desc" }, take: limit }), db.alert.count({ where })]);
  return {
    total,
    alerts: rows.flatMap((row) =>
      isAlertRule(row.rule)
        ? [{ id: row.id, rule: row.rule, severity: row.severity, status: row.status, detail: JSON.parse(row.detail) as Record<string, unknown>, occurrences: row.occurrences, orderId: row.orderId }]
        : [],
    ),
  };
}

export async function alertSettings(db: Db) {
  const [stored, channels] = await Promise.all([db.alertRuleSetting.findMany(), db.alertChannel.findMany({ orderBy: { createdAt: "asc" } })]);
  return {
    rules: effectiveSettings(stored).map((setting) => ({ ...setting, unit: ALERT_RULES[setting.rule].unit, severity: ALERT_RULES[setting.rule].severity, kind: ALERT_RULES[setting.rule].kind })),
    channels: channels.map((c) => ({ id: c.id, kind: c.kind, name: c.name, url: maskRobotUrl(c.url), signed: Boolean(c.secret), enabled: c.enabled, lastSentAt: c.lastSentAt?.toISOString() ?? null, lastError: c.lastError })),
  };
}
