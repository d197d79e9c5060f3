// The overview: today's money (Beijing day), conversion, payments and refunds by hour, and the things
// that need a person now. Each alert links to the view that lists what it counts.
import "server-only";
import type { Db } from "@/lib/db";
import { formatYuan } from "@/lib/money";
import { SELF_TEST_NOTIFY_TYPE } from "@/lib/payments/self-test";
import { beijingDayStart } from "@/lib/url-params";

/** Notifications that claim to be Alipay's: the go-live self-test's own are neither alerts nor a sign of life. */
const FROM_ALIPAY = { OR: [{ notifyType: null }, { notifyType: { not: SELF_TEST_NOTIFY_TYPE } }] };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const BAD_VERDICTS = ["INVALID", "MISSING", "UNSUPPORTED_SIGN_TYPE", "MALFORMED"];

/** The Beijing calendar day of an instant, YYYY-MM-DD. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + 8 * HOUR_MS).toISOString().slice(0, 10);
}

export type AlertKind = "signature_failures" | "inconsistent" | "paid_after_close" | "stuck_pending" | "refund_unknown" | "notification_silence";
export type Alert = { kind: AlertKind; count: number; href: string; minutes?: number; examples?: Array<{ id: string; outTradeNo: string }> };

export type OverviewSettings = { silenceMinutes: number; stuckMinutes: number };

export function overviewSettings(): OverviewSettings {
  const minutes = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return { silenceMinutes: minutes("ALERT_NOTIFICATION_SILENCE_MINUTES", 30), stuckMinutes: minutes("ALERT_STUCK_PENDING_MINUTES", 15) };
}

async function hourly(db: Db, start: Date) {
  const hours = Array.from({ length: 24 }, (_, hour) => ({ gte: new Date(start.getTime() + hour * HOUR_MS), lt: new Date(start.getTime() + (hour + 1) * HOUR_MS) }));
  return Promise.all(
    hours.map(async (range, hour) => {
      const [paid, refunded] = await Promise.all([
        db.order.aggregate({ where: { paidAt: range }, _sum: { paidFen: true } }),
        db.refund.aggregate({ where: { status: "SUCCEEDED", settledAt: range }, _sum: { amountFen: true } }),
      ]);
      return { hour, paidFen: Number(paid._sum.paidFen ?? 0), refundedFen: Number(refunded._sum.amountFen ?? 0) };
    }),
  );
}

export async function getOverview(db: Db, now = new Date(), settings = overviewSettings()) {
  const today = beijingDay(now);
  const start = beijingDayStart(today);
  const day = { gte: start, lt: new Date(start.getTime() + DAY_MS) };
  const since24h = new Date(now.getTime() - DAY_MS);
  const [paid, refunds, issued, converted, byHour, signatureFailures, inconsistent, paidAfterClose, stuck, refundUnknown, lastNotification, openPending] = await Promise.all([
    db.order.aggregate({ where: { paidAt: day }, _sum: { paidFen: true }, _count: { _all: true } }),
    db.refund.aggregate({ where: { status: "SUCCEEDED", settledAt: day }, _sum: { amountFen: true }, _count: { _all: true } }),
    db.order.count({ where: { createdAt: day, qrCode: { not: null } } }),
    db.order.count({ where: { createdAt: day, qrCode: { not: null }, status: { in: ["PAID", "REFUNDED"] } } }),
    hourly(db, start),
    db.notification.count({ where: { signature: { in: BAD_VERDICTS }, receivedAt: { gte: since24h }, ...FROM_ALIPAY } }),
    db.notification.count({ where: { outcome: "REJECTED", signature: "VALID", receivedAt: { gte: since24h }, ...FROM_ALIPAY } }),
    // Money received for a closed order and not given back yet: deliver or refund.
    db.order.count({ where: { anomalies: { contains: "PAID_AFTER_CLOSE" }, status: "PAID" } }),
    // Past their QR's life by more than a grace period and still open: the worker should have closed them.
    db.order.count({ where: { status: "PENDING", expiresAt: { lt: new Date(now.getTime() - settings.stuckMinutes * 60_000) } } }),
    db.refund.findMany({
      where: { status: "PENDING", createdAt: { lt: new Date(now.getTime() - 60_000) } },
      orderBy: { createdAt: "asc" },
      take: 5,
      select: { order: { select: { id: true, outTradeNo: true } } },
    }),
    db.notification.findFirst({ where: FROM_ALIPAY, orderBy: { id: "desc" }, select: { receivedAt: true } }),
    db.order.count({ where: { status: "PENDING", scanned: true, expiresAt: { gt: now } } }),
  ]);
  const alerts: Alert[] = [];
  if (signatureFailures > 0) alerts.push({ kind: "signature_failures", count: signatureFailures, href: "/notifications?signature=INVALID" });
  if (inconsistent > 0) alerts.push({ kind: "inconsistent", count: inconsistent, href: "/notifications?signature=VALID&outcome=REJECTED" });
  if (paidAfterClose > 0) alerts.push({ kind: "paid_after_close", count: paidAfterClose, href: "/orders?flagged=1" });
  if (stuck > 0) alerts.push({ kind: "stuck_pending", count: stuck, href: "/orders?status=PENDING&sort=createdAt.asc" });
  if (refundUnknown.length > 0) {
    const count = await db.refund.count({ where: { status: "PENDING", createdAt: { lt: new Date(now.getTime() - 60_000) } } });
    alerts.push({ kind: "refund_unknown", count, href: `/orders/${refundUnknown[0]!.order.id}`, examples: refundUnknown.map((refund) => refund.order) });
  }
  const silentFor = lastNotification ? Math.floor((now.getTime() - lastNotification.receivedAt.getTime()) / 60_000) : null;
  if (openPending > 0 && (silentFor === null || silentFor >= settings.silenceMinutes)) {
    alerts.push({ kind: "notification_silence", count: openPending, href: "/notifications", minutes: silentFor ?? settings.silenceMinutes });
  }
  return {
    today,
    paid: { amount: formatYuan(Number(paid._sum.paidFen ?? 0)), count: paid._count._all },
    refunds: { amount: formatYuan(Number(refunds._sum.amountFen ?? 0)), count: refunds._count._all },
    conversion: { issued, paid: converted, rate: issued === 0 ? null : converted / issued },
    byHour,
    alerts,
    lastNotificationAt: lastNotification?.receivedAt.toISOString() ?? null,
  };
}

export type Overview = Awaited<ReturnType<typeof getOverview>>;
