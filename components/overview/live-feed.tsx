"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useRef, useState } from "react";

import { useConsoleFeed } from "@/components/live/use-console-feed";
import { isAlertRule } from "@/lib/alerts/rules";
import { feedIdOf, type FeedItem } from "@/lib/events/items";
import { cn } from "@/lib/utils";

const KEEP = 30;
const keyOf = (item: FeedItem) => {
  const { kind, id } = feedIdOf(item);
  return `${kind}${id}`;
};

/** The latest changes, newest first; new ones arrive as they happen, and the figures around follow. */
/**
 * What the list shows: not an open alert's refreshed figures (a rule over a window finds its alert again
 * at every check; the alerts card shows the new figures), which would crowd out everything else.
 */
const listed = (item: FeedItem) => !(item.kind === "alert" && item.type === "REFRESHED");

export function LiveFeed({ initial, since }: { initial: FeedItem[]; since: string }) {
  const t = useTranslations("Overview.feed");
  const tEvents = useTranslations("Timeline.events");
  const tAlerts = useTranslations("Alerts.ruleNames");
  const format = useFormatter();
  const router = useRouter();
  const [items, setItems] = useState(() => initial.filter(listed));
  const refreshAt = useRef(0);

  const state = useConsoleFeed(
    since,
    (incoming) => {
      setItems((current) => {
        const seen = new Set(current.map(keyOf));
        return [...incoming.filter((item) => listed(item) && !seen.has(keyOf(item))).reverse(), ...current].slice(0, KEEP);
      });
      // The day's figures and alerts: read again, at most every few seconds.
      if (Date.now() - refreshAt.current > 3_000) {
        refreshAt.current = Date.now();
        router.refresh();
      }
    },
    () => router.refresh(),
  );

  return (
    <div className="space-y-2">
      <p className="text-muted-foreground flex items-center gap-2 text-xs" role="status" data-live-state={state}>
        <span className={cn("size-2 rounded-full", state === "live" ? "bg-success" : "bg-warning animate-pulse")} aria-hidden />
        {t(state)}
      </p>
      {items.length === 0 ? <p className="text-muted-foreground text-sm">{t("empty")}</p> : null}
      <ol className="divide-y" aria-label={t("label")}>
        {items.map((item) => (
          <li key={keyOf(item)} className="flex items-baseline gap-3 py-2 text-sm" data-feed-kind={item.kind}>
            <time dateTime={item.at} className="text-muted-foreground shrink-0 text-xs tabular-nums">
              {format.dateTime(new Date(item.at), { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })}
            </time>
            {item.kind === "order" ? (
              <span className="min-w-0">
                {(tEvents.has(item.type as never) ? tEvents(item.type as never) : item.type) as string}{" "}
                <Link href={`/orders/${item.orderId}`} className="text-primary font-mono hover:underline">
                  {item.outTradeNo}
                </Link>
              </span>
            ) : item.kind === "alert" ? (
              <span className="min-w-0">
                <Link href={`/alerts?status=${item.status}#alert-${item.alertId}`} className="text-primary hover:underline">
                  {t("alert", {
                    event: t.has(`alertEvents.${item.type}` as never) ? t(`alertEvents.${item.type}` as never) : item.type,
                    title: isAlertRule(item.rule) ? tAlerts(`${item.rule}.title`) : item.rule,
                  })}
                </Link>
              </span>
            ) : (
              <span className="min-w-0">
                {t("notification", { outcome: item.outcome, signature: item.signature ?? "—" })}{" "}
                <Link href={`/notifications/${item.n}`} className="text-primary font-mono hover:underline">
                  #{item.n}
                </Link>
                {item.outTradeNo ? <span className="text-muted-foreground font-mono"> · {item.outTradeNo}</span> : null}
              </span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
