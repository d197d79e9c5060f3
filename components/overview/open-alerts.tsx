"use client";

import { CircleCheck, Siren } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { useDetailWords } from "@/components/alerts/use-detail-words";
import { useConsoleFeed } from "@/components/live/use-console-feed";
import { Badge } from "@/components/ui/badge";
import { detailLines } from "@/lib/alerts/detail";
import { isAlertRule } from "@/lib/alerts/rules";
import type { OpenAlertView } from "@/lib/console/alerts";
import type { AlertFeedItem } from "@/lib/events/items";

/** At most this many on the card; the alerts page has them all. */
const SHOWN = 8;

/** The feed's news of an alert, applied to the list: a resolved one leaves it, any other comes (back) to the top. */
function apply(list: OpenAlertView[], item: AlertFeedItem): OpenAlertView[] {
  const rest = list.filter((alert) => alert.id !== item.alertId);
  if (item.status === "RESOLVED" || !isAlertRule(item.rule)) return rest;
  const known = list.find((alert) => alert.id === item.alertId);
  const next: OpenAlertView = { id: item.alertId, rule: item.rule, severity: item.severity, status: item.status, detail: item.detail, occurrences: item.occurrences, orderId: item.orderId };
  // Acknowledged: it keeps its place; raised or found again: it is the latest.
  return known && item.type === "ACKNOWLEDGED" ? list.map((alert) => (alert.id === item.alertId ? next : alert)) : [next, ...rest];
}

/**
 * The alerts not resolved yet, kept current by the change feed (raised, found again, acknowledged: shown;
 * resolved: gone); `quiet`: nothing else on the card needs attention either.
 */
export function OpenAlerts({ initial, since, quiet }: { initial: { alerts: OpenAlertView[]; total: number }; since: string; quiet: boolean }) {
  const t = useTranslations("Overview.openAlerts");
  const tAlerts = useTranslations("Alerts");
  const tNone = useTranslations("Overview.alerts");
  const words = useDetailWords();
  const [seed, setSeed] = useState(initial);
  const [alerts, setAlerts] = useState(initial.alerts);
  const [open, setOpen] = useState(initial.total);
  // The page was read again (router.refresh): the server's list is the truth from then on.
  if (seed !== initial) {
    setSeed(initial);
    setAlerts(initial.alerts);
    setOpen(initial.total);
  }

  useConsoleFeed(
    since,
    (items) => {
      const news = items.filter((item): item is AlertFeedItem => item.kind === "alert");
      if (news.length === 0) return;
      setAlerts((current) => news.reduce(apply, current));
      // Raised: one more open; resolved: one fewer (only an open alert is resolved).
      setOpen((count) => count + news.filter((item) => item.type === "RAISED").length - news.filter((item) => item.type === "RESOLVED").length);
    },
    () => {},
  );

  const shown = alerts.slice(0, SHOWN);
  const hidden = Math.max(0, open - shown.length);
  if (alerts.length === 0 && quiet) {
    return (
      <p className="text-muted-foreground flex items-center gap-2 text-sm">
        <CircleCheck aria-hidden className="text-success size-4" />
        {tNone("none")}
      </p>
    );
  }
  if (alerts.length === 0) return null;
  return (
    <div className="space-y-2">
      <ul className="space-y-2" aria-label={t("label")}>
        {shown.map((alert) => (
          <li key={alert.id} data-open-alert={alert.id} data-rule={alert.rule} data-status={alert.status} className={alert.severity === "critical" ? "border-destructive/30 bg-destructive/5 rounded-md border p-3" : "border-warning/30 bg-warning/5 rounded-md border p-3"}>
            <Link href={`/alerts?status=${alert.status}#alert-${alert.id}`} className="flex items-start gap-2 hover:underline">
              <Siren aria-hidden className={alert.severity === "critical" ? "text-destructive mt-0.5 size-4 shrink-0" : "text-warning mt-0.5 size-4 shrink-0"} />
              <span className="min-w-0">
                <span className="flex flex-wrap items-center gap-1.5">
                  <span className="font-medium">{tAlerts(`ruleNames.${alert.rule}.title`)}</span>
                  <Badge variant={alert.severity === "critical" ? "danger" : "warning"}>{tAlerts(`severity.${alert.severity === "critical" ? "critical" : "warning"}`)}</Badge>
                  {alert.status === "ACKNOWLEDGED" ? <Badge variant="secondary">{tAlerts("status.ACKNOWLEDGED")}</Badge> : null}
                </span>
                <span className="text-muted-foreground block text-sm [overflow-wrap:anywhere]">{detailLines(alert.detail, words).join(" · ")}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {hidden > 0 ? (
        <Link href="/alerts" className="text-primary text-sm hover:underline">
          {t("more", { count: hidden })}
        </Link>
      ) : null}
    </div>
  );
}
