// What the reconciliation pages read: the recent days with where each stands, and one day whole (its
// figures, the bill files received for it, its exceptions). Bill contents never leave the database here.
import "server-only";
import { formatAlipayDate } from "@/lib/alipay/time";
import type { Db } from "@/lib/db";
import { isExceptionKind, resolutionActions, type ExceptionKind, type ResolutionAction } from "@/lib/reconciliation/exception-kinds";
import type { DaySummary } from "@/lib/reconciliation/match-day";

const DAY_MS = 24 * 60 * 60 * 1000;
export const LISTED_DAYS = 31;

const FILE_FIELDS = { id: true, billDate: true, source: true, fileName: true, sha256: true, size: true, receivedBy: true, receivedAt: true, importedAt: true, rowCount: true, problem: true, problemLine: true, problemText: true } as const;

function parseSummary(text: string | null): DaySummary | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as DaySummary;
  } catch {
    return null;
  }
}

export type DayListItem = {
  billDate: string;
  status: "NONE" | "WAITING" | "FAILED" | "RECONCILED";
  lastError: string | null;
  nextAttemptAt: string | null;
  reconciledAt: string | null;
  summary: DaySummary | null;
  open: number;
  resolved: number;
};

/** Today (its bill comes tomorrow; one can be uploaded) and the LISTED_DAYS Beijing days before, newest first. */
export async function listReconciliationDays(db: Db, now = new Date()): Promise<DayListItem[]> {
  const dates = Array.from({ length: LISTED_DAYS + 1 }, (_, i) => formatAlipayDate(new Date(now.getTime() - i * DAY_MS)));
  const [days, counts] = await Promise.all([
    db.reconciliationDay.findMany({ where: { billDate: { in: dates } } }),
    db.reconciliationException.groupBy({ by: ["billDate", "status"], where: { billDate: { in: dates } }, _count: { _all: true } }),
  ]);
  const byDate = new Map(days.map((day) => [day.billDate, day]));
  const count = (billDate: string, status: string) => counts.find((c) => c.billDate === billDate && c.status === status)?._count._all ?? 0;
  return dates.map((billDate) => {
    const day = byDate.get(billDate);
    return {
      billDate,
      status: (day?.status as DayListItem["status"] | undefined) ?? "NONE",
      lastError: day?.lastError ?? null,
      nextAttemptAt: day?.nextAttemptAt?.toISOString() ?? null,
      reconciledAt: day?.reconciledAt?.toISOString() ?? null,
      summary: parseSummary(day?.summary ?? null),
      open: count(billDate, "OPEN"),
      resolved: count(billDate, "RESOLVED"),
    };
  });
}

export type ExceptionView = {
  id: string;
  kind: ExceptionKind;
  actions: readonly ResolutionAction[];
  orderId: string | null;
  outTradeNo: string | null;
  tradeNo: string | null;
  outRequestNo: string | null;
  oursFen: number | null;
  billFen: number | null;
  detail: Record<string, unknown>;
  status: "OPEN" | "RESOLVED";
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  note: string | null;
  firstSeenAt: string;
};

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** One day: its row, its bill files (newest first), its exceptions (open first, then by kind). */
export async function getReconciliationDay(db: Db, billDate: string) {
  const [day, files, exceptions] = await Promise.all([
    db.reconciliationDay.findUnique({ where: { billDate } }),
    db.billFile.findMany({ where: { billDate }, orderBy: { receivedAt: "desc" }, select: FILE_FIELDS }),
    db.reconciliationException.findMany({ where: { billDate }, orderBy: [{ status: "asc" }, { kind: "asc" }, { key: "asc" }] }),
  ]);
  const views: ExceptionView[] = exceptions.flatMap((row) =>
    isExceptionKind(row.kind)
      ? [{
          id: row.id,
          kind: row.kind,
          actions: resolutionActions(row.kind),
          orderId: row.orderId,
          outTradeNo: row.outTradeNo,
          tradeNo: row.tradeNo,
          outRequestNo: row.outRequestNo,
          oursFen: row.oursFen,
          billFen: row.billFen,
          detail: parseDetail(row.detail),
          status: row.status === "OPEN" ? "OPEN" : "RESOLVED",
          resolution: row.resolution,
          resolvedBy: row.resolvedBy,
          resolvedAt: row.resolvedAt?.toISOString() ?? null,
          note: row.note,
          firstSeenAt: row.firstSeenAt.toISOString(),
        }]
      : [],
  );
  return {
    billDate,
    status: day?.status ?? "NONE",
    lastError: day?.lastError ?? null,
    nextAttemptAt: day?.nextAttemptAt?.toISOString() ?? null,
    reconciledAt: day?.reconciledAt?.toISOString() ?? null,
    billFileId: day?.billFileId ?? null,
    summary: parseSummary(day?.summary ?? null),
    files: files.map((file) => ({ ...file, receivedAt: file.receivedAt.toISOString(), importedAt: file.importedAt?.toISOString() ?? null })),
    exceptions: views,
  };
}

export type ReconciliationDayView = Awaited<ReturnType<typeof getReconciliationDay>>;
