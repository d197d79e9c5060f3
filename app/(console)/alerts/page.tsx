// /alerts – what needs a person: alerts by status (open, acknowledged, resolved), live from the change
// feed, acknowledged and resolved here by operators; the rules' thresholds and the chat robots alerts go
// to, set by admins.
import Link from "next/link";
import { getTranslations } from "next-intl/server";

import { AlertsTable } from "@/components/alerts/alerts-table";
import { ChannelsPanel } from "@/components/alerts/channels-panel";
import { RulesTable } from "@/components/alerts/rules-table";
import { LiveRefresh } from "@/components/live/live-refresh";
import { can } from "@/lib/auth/roles";
import { requireOperator } from "@/lib/auth/session";
import { ALERT_STATUSES, alertSettings, listAlerts, type AlertStatus } from "@/lib/console/alerts";
import { getDb } from "@/lib/db";
import { formatCursor } from "@/lib/events/cursor";
import { feedHead } from "@/lib/events/feed";
import { cn } from "@/lib/utils";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("Alerts");
  return { title: t("title") };
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const requested = (await searchParams).status;
  const status: AlertStatus = ALERT_STATUSES.find((s) => s === requested) ?? "OPEN";
  const operator = await requireOperator(`/alerts?status=${status}`);
  const db = getDb();
  // The feed's position before reading: whatever changes after it reaches the page live.
  const since = formatCursor(await feedHead(db));
  const [t, { alerts, counts }, settings] = await Promise.all([getTranslations("Alerts"), listAlerts(db, status), alertSettings(db)]);
  const admin = can(operator.role, "settings.manage");
  const bySetting = Object.fromEntries(settings.rules.map((r) => [r.rule, r]));

  return (
    <main className="mx-auto w-full max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-muted-foreground text-sm">{t("description")}</p>
        <LiveRefresh since={since} topics={[{ kind: "alert" }]} />
      </div>
      <nav aria-label={t("columns.status")} className="bg-muted inline-flex gap-1 rounded-lg p-1">
        {ALERT_STATUSES.map((s) => (
          <Link key={s} href={`/alerts?status=${s}`} aria-current={s === status ? "page" : undefined} className={cn("rounded-md px-3 py-1.5 text-sm", s === status ? "bg-background font-medium shadow-sm" : "text-muted-foreground hover:text-foreground")}>
            {t(`status.${s}`)} <span className="text-muted-foreground ml-1 text-xs tabular-nums">{counts[s]}</span>
          </Link>
        ))}
      </nav>
      <AlertsTable alerts={alerts} canHandle={can(operator.role, "alert.handle")} settings={bySetting} />
      <section className="space-y-3" aria-labelledby="rules-title">
        <div className="space-y-0.5">
          <h2 id="rules-title" className="text-lg font-semibold">{t("rules.title")}</h2>
          <p className="text-muted-foreground text-sm">{t("rules.description")}</p>
        </div>
        <RulesTable rules={settings.rules} editable={admin} />
      </section>
      {admin ? (
        <section className="space-y-3" aria-labelledby="channels-title">
          <div className="space-y-0.5">
            <h2 id="channels-title" className="text-lg font-semibold">{t("channels.title")}</h2>
            <p className="text-muted-foreground text-sm">{t("channels.description")}</p>
          </div>
          <ChannelsPanel channels={settings.channels} />
        </section>
      ) : null}
    </main>
  );
}
