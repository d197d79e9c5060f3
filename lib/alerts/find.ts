// What each alert rule finds in the database now, given its setting: the things (or the condition) to
// raise an alert about, with the figures that show why.
import "server-only";
import { formatAlipayDate } from "@/lib/alipay/time";
import type { AlertDetail } from "./detail";
import type { Db } from "@/lib/db";
import { isCheckedRule, type AlertRule, type CheckedRule, type RuleSetting } from "./rules";

/** `detail`: the figures, each one lib/alerts/detail.ts words (a key it does not know does not type-check). */
export type Finding = { rule: AlertRule; subject: string; orderId: string | null; detail: AlertDetail };

const BAD_SIGNATURES = ["INVALID", "MISSING", "UNSUPPORTED_SIGN_TYPE"];
const notSelfTest = { OR: [{ notifyType: null }, { notifyType: { not: "console_self_test" } }] };
const MAX_ITEMS = 100;

type Finder = (db: Db, setting: RuleSetting, since: Date, now: Date) => Promise<Finding[]>;

const FINDERS: Record<CheckedRule, Finder> = {
  async SIGNATURE_FAILURES(db, { threshold, windowMinutes }, since): Promise<Finding[]> {
    const where = { signature: { in: BAD_SIGNATURES }, receivedAt: { gte: since }, ...notSelfTest };
    const count = await db.notification.count({ where });
    if (count < threshold) return [];
    const last = await db.notification.findFirst({ where, orderBy: { id: "desc" }, select: { id: true, sourceAddress: true } });
    return [{ rule: "SIGNATURE_FAILURES", subject: "all", orderId: null, detail: { count, windowMinutes, lastNotificationId: last?.id, lastSource: last?.sourceAddress } }];
  },
  async INCONSISTENT_NOTIFICATION(db, _setting, since) {
    const rows = await db.notification.findMany({
      where: { signature: "VALID", outcome: { in: ["REJECTED", "UNKNOWN_ORDER"] }, receivedAt: { gte: since }, ...notSelfTest },
      select: { id: true, orderId: true, outTradeNo: true, outcome: true, error: true },
      take: MAX_ITEMS,
    });
    return rows.map((n): Finding => ({ rule: "INCONSISTENT_NOTIFICATION", subject: String(n.id), orderId: n.orderId, detail: { notificationId: n.id, outTradeNo: n.outTradeNo, outcome: n.outcome, error: n.error } }));
  },
  PAID_AFTER_CLOSE: (db, _setting, since) => flaggedOrders(db, "PAID_AFTER_CLOSE", since),
  MULTIPLE_TRADES: (db, _setting, since) => flaggedOrders(db, "TRADE_NO_MISMATCH", since),
  async REFUND_SHARE(db, { threshold, windowMinutes }, since): Promise<Finding[]> {
    const [refunds, payments] = await Promise.all([
      db.refund.aggregate({ where: { status: "SUCCEEDED", settledAt: { gte: since } }, _sum: { amountFen: true }, _count: { _all: true } }),
      db.order.aggregate({ where: { paidAt: { gte: since } }, _sum: { paidFen: true } }),
    ]);
    const refundedFen = Number(refunds._sum.amountFen ?? 0);
    const paidFen = Number(payments._sum.paidFen ?? 0);
    if (refundedFen === 0 || refundedFen * 100 < threshold * paidFen) return [];
    return [{ rule: "REFUND_SHARE", subject: "all", orderId: null, detail: { refundedFen, paidFen, refunds: refunds._count._all, windowMinutes, sharePercent: paidFen === 0 ? null : Math.round((refundedFen * 1000) / paidFen) / 10 } }];
  },
  async NO_NOTIFICATION(db, { threshold }, _since, now): Promise<Finding[]> {
    const quietSince = new Date(now.getTime() - threshold * 60_000);
    const waiting = await db.order.count({ where: { status: "PENDING", qrCode: { not: null }, createdAt: { lte: quietSince }, expiresAt: { gt: now } } });
    if (waiting === 0) return [];
    const last = await db.notification.findFirst({ where: notSelfTest, orderBy: { id: "desc" }, select: { receivedAt: true } });
    if (last && last.receivedAt >= quietSince) return [];
    return [{ rule: "NO_NOTIFICATION", subject: "all", orderId: null, detail: { minutes: threshold, pendingOrders: waiting, lastNotificationAt: last?.receivedAt.toISOString() ?? null } }];
  },
  async FREQUENT_BUYER(db, { threshold, windowMinutes }, since, now) {
    const groups = await db.order.groupBy({ by: ["buyerId"], where: { paidAt: { gte: since }, buyerId: { not: null } }, _count: { _all: true } });
    return groups
      .filter((g) => g._count._all >= threshold)
      .slice(0, MAX_ITEMS)
      // Once a (Beijing) day per buyer, however long it goes on.
      .map((g): Finding => ({ rule: "FREQUENT_BUYER", subject: `${g.buyerId}:${formatAlipayDate(now)}`, orderId: null, detail: { buyerId: g.buyerId, payments: g._count._all, windowMinutes } }));
  },
  async LARGE_ORDER(db, { threshold }, since) {
    const rows = await db.order.findMany({ where: { paidAt: { gte: since }, paidFen: { gte: threshold * 100 } }, select: { id: true, outTradeNo: true, paidFen: true }, take: MAX_ITEMS });
    return rows.map((o): Finding => ({ rule: "LARGE_ORDER", subject: o.id, orderId: o.id, detail: { outTradeNo: o.outTradeNo, paidFen: o.paidFen, thresholdYuan: threshold } }));
  },
};

async function flaggedOrders(db: Db, anomaly: string, since: Date): Promise<Finding[]> {
  const rows = await db.order.findMany({ where: { anomalies: { contains: anomaly }, updatedAt: { gte: since } }, select: { id: true, outTradeNo: true, paidFen: true, status: true }, take: MAX_ITEMS });
  const rule = anomaly === "PAID_AFTER_CLOSE" ? "PAID_AFTER_CLOSE" : "MULTIPLE_TRADES";
  return rows.map((o): Finding => ({ rule, subject: o.id, orderId: o.id, detail: { outTradeNo: o.outTradeNo, paidFen: o.paidFen, status: o.status } }));
}

/** What the enabled rules find now. */
export async function findAll(db: Db, settings: RuleSetting[], now: Date): Promise<Finding[]> {
  const checked = settings.filter((s): s is RuleSetting & { rule: CheckedRule } => s.enabled && isCheckedRule(s.rule));
  const found = await Promise.all(checked.map((s) => FINDERS[s.rule](db, s, new Date(now.getTime() - s.windowMinutes * 60_000), now)));
  return found.flat();
}
