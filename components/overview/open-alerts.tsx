"use client";

import { CircleCheck, Siren } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { useDetailWords } from "@/components/alerts/use-detail-words";
import { useConsoleFeed } from "@/components/live/use-console-feed";
import { Badge } from "@/components/ui/badge";
import { detailLines } from "@/lib/alerts/detail";
import { applyNews, type OpenList, rebase } from "@/lib/alerts/open-list";
import type { OpenAlertView } from "@/lib/console/alerts";
import type { AlertFeedItem } from "@/lib/events/items";

/** At most this many on the card; the alerts page has them all. */
const SHOWN = 8;

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
  const [list, setList] = useState<OpenList>({ alerts: initial.alerts, open: initial.total });
  // The news had since the server's list was read: applied again to the next one.
  const [news, setNews] = useState<AlertFeedItem[]>([]);
  // The page was read again (router.refresh): the server's list, with the news it may not have had yet.
  if (seed !== initial) {
    const { list: rebased, later } = rebase(initial, since, news);
    setSeed(initial);
    setList(rebased);
    setNews(later);
  }

  useConsoleFeed(
    since,
    (items) => {
      const alertNews = items.filter((item): item is AlertFeedItem => item.kind === "alert");
      if (alertNews.length === 0) return;
      setList((current) => applyNews(current, alertNews));
      setNews((current) => [...current, ...alertNews]);
    },
    () => {},
  );

  const { alerts, open } = list;
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
