// / – the overview: today's money, conversion, payments and refunds by hour, what needs a person (the
// alerts not resolved, live), the live list of changes, and the system's status.
import { getFormatter, getTranslations } from "next-intl/server";

import { StatCard } from "@/components/console/stat-card";
import { AlertsList } from "@/components/overview/alerts-list";
import { HourlyChart } from "@/components/overview/hourly-chart";
import { LiveFeed } from "@/components/overview/live-feed";
import { OpenAlerts } from "@/components/overview/open-alerts";
import { ConfigErrorAlert } from "@/components/status/config-error-alert";
import { SystemStatusCard } from "@/components/status/system-status-card";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requireOperator } from "@/lib/auth/session";
import { listOpenAlerts } from "@/lib/console/alerts";
import { getOverview } from "@/lib/console/overview";
import { getDb } from "@/lib/db";
import { formatCursor } from "@/lib/events/cursor";
import { feedHead, recentFeed } from "@/lib/events/feed";
import { getSystemStatus } from "@/lib/status";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  await requireOperator("/");
  const db = getDb();
  const since = formatCursor(await feedHead(db));
  const [overview, openAlerts, feed, status, t, format] = await Promise.all([getOverview(db), listOpenAlerts(db), recentFeed(db), getSystemStatus(), getTranslations("Overview"), getFormatter()]);
  const rate = overview.conversion.rate === null ? "—" : format.number(overview.conversion.rate, { style: "percent", maximumFractionDigits: 1 });

  return (
    <main className="mx-auto w-full max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-muted-foreground text-sm">{t("today", { day: overview.today })}</p>
      </div>
      {status.alipay.configured ? null : <ConfigErrorAlert problems={status.alipay.problems} />}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard label={t("paid")} value={`¥${overview.paid.amount}`} detail={t("paidCount", { count: overview.paid.count })} />
        <StatCard label={t("refunds")} value={`¥${overview.refunds.amount}`} detail={t("refundCount", { count: overview.refunds.count })} />
        <StatCard label={t("conversion")} value={rate} detail={t("conversionDetail", { paid: overview.conversion.paid, issued: overview.conversion.issued })} />
        <StatCard
          label={t("lastNotification")}
          value={overview.lastNotificationAt ? format.relativeTime(new Date(overview.lastNotificationAt), new Date()) : "—"}
          detail={overview.lastNotificationAt ? format.dateTime(new Date(overview.lastNotificationAt), "short") : t("noNotification")}
        />
      </div>
      <div className="grid gap-6 lg:grid-cols-[1fr_24rem]">
        <div className="space-y-6">
          <Card>
            <CardHeader>
              <CardTitle>{t("alertsTitle")}</CardTitle>
            </CardHeader>
            <CardContent className="space-y-2">
              <OpenAlerts initial={openAlerts} since={since} quiet={overview.alerts.length === 0} />
              <AlertsList alerts={overview.alerts} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>{t("chartTitle")}</CardTitle>
            </CardHeader>
            <CardContent>
              <HourlyChart hours={overview.byHour} />
            </CardContent>
          </Card>
        </div>
        <Card>
          <CardHeader>
            <CardTitle>{t("feedTitle")}</CardTitle>
          </CardHeader>
          <CardContent>
            <LiveFeed initial={feed} since={since} />
          </CardContent>
        </Card>
      </div>
      <SystemStatusCard status={status} />
    </main>
  );
}
