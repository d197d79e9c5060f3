import { ArrowLeftRight, Bell, CircleDot } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";

import { AnomalyBadges } from "@/components/orders/order-status-badge";
import { OutcomeBadge, VerdictBadge } from "@/components/notifications/verdict-badge";
import { Badge } from "@/components/ui/badge";
import type { TimelineEntry } from "@/lib/console/order-detail";
import { formatYuan } from "@/lib/money";

import { actorOf } from "./actor-label";

const EVENT_TYPES = [
  "CREATED",
  "PRECREATE_FAILED",
  "QR_ISSUED",
  "FAILED",
  "PAID_ELSEWHERE",
  "FACT_APPLIED",
  "ANOMALY",
  "NOTIFICATION_REJECTED",
  "QUERIED",
  "CLOSED",
  "TRADE_CLOSED_AT_ALIPAY",
  "REFUND_REQUESTED",
  "REFUND_SUCCEEDED",
  "REFUND_FAILED",
  "REFUND_UNKNOWN",
  "ALIPAY_CERT_ROTATED",
] as const;
type EventType = (typeof EVENT_TYPES)[number];
const isEventType = (value: string): value is EventType => (EVENT_TYPES as readonly string[]).includes(value);

const SOURCES = ["API", "NOTIFY", "SYNC", "WORKER", "CONSOLE"] as const;
type Source = (typeof SOURCES)[number];
const isSource = (value: string): value is Source => (SOURCES as readonly string[]).includes(value);

/** The facts of an event worth a line: changes, codes, amounts, as they were recorded. */
function eventFacts(detail: Record<string, unknown>): string[] {
  const facts: string[] = [];
  if (Array.isArray(detail.changes)) facts.push(...detail.changes.map(String));
  if (typeof detail.tradeStatus === "string") facts.push(detail.tradeStatus);
  if (typeof detail.amountFen === "number") facts.push(`¥${formatYuan(detail.amountFen)}`);
  if (typeof detail.outRequestNo === "string") facts.push(detail.outRequestNo);
  for (const key of ["outcome", "code", "subCode", "alipay"] as const) if (typeof detail[key] === "string") facts.push(detail[key] as string);
  if (typeof detail.error === "string") facts.push(detail.error);
  if (typeof detail.reason === "string") facts.push(detail.reason);
  return facts;
}

function Actor({ source, actor }: { source: string; actor: string | null }) {
  const t = useTranslations("Timeline");
  const who = actorOf(source, actor);
  if (who.key === "user") return <span>{t("actor.user", { email: who.value })}</span>;
  if (who.key === "apiKey") return <span>{t("actor.apiKey", { name: who.value })}</span>;
  return <span>{isSource(who.value) ? t(`source.${who.value}`) : who.value}</span>;
}

export function OrderTimeline({ entries }: { entries: TimelineEntry[] }) {
  const t = useTranslations("Timeline");
  const format = useFormatter();
  return (
    <ol className="relative space-y-0 border-l pl-6" aria-label={t("label")}>
      {entries.map((entry) => {
        const Icon = entry.kind === "event" ? CircleDot : entry.kind === "notification" ? Bell : ArrowLeftRight;
        return (
          <li key={entry.key} className="relative pb-5 last:pb-0" data-kind={entry.kind} data-type={entry.kind === "event" ? entry.type : undefined}>
            <span className="bg-background text-muted-foreground absolute top-0.5 -left-[34px] flex size-5 items-center justify-center rounded-full border">
              <Icon aria-hidden className="size-3" />
            </span>
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <time dateTime={entry.at} className="text-muted-foreground text-xs tabular-nums">
                {format.dateTime(new Date(entry.at), "short")}
              </time>
              {entry.kind === "event" ? (
                <>
                  <span className="font-medium">{isEventType(entry.type) ? t(`events.${entry.type}`) : entry.type}</span>
                  <span className="text-muted-foreground text-sm">
                    <Actor source={entry.source} actor={entry.actor} />
                  </span>
                </>
              ) : entry.kind === "notification" ? (
                <>
                  <Link href={`/notifications/${entry.id}`} className="font-medium hover:underline">
                    {t("notification", { id: entry.id })}
                  </Link>
                  {entry.tradeStatus ? <code className="text-xs">{entry.tradeStatus}</code> : null}
                  <VerdictBadge verdict={entry.signature} />
                  <OutcomeBadge outcome={entry.outcome} />
                </>
              ) : (
                <>
                  <Link href={`/gateway-calls/${entry.id}`} className="font-medium hover:underline">
                    {t("gateway", { method: entry.method })}
                  </Link>
                  <Badge variant={entry.outcome === "SUCCESS" ? "success" : entry.outcome === "BUSINESS_ERROR" ? "warning" : "danger"}>{entry.outcome}</Badge>
                  {entry.subCode ?? entry.code ? <code className="text-xs">{entry.subCode ?? entry.code}</code> : null}
                  <span className="text-muted-foreground text-xs tabular-nums">{t("latency", { ms: entry.latencyMs })}</span>
                </>
              )}
            </div>
            {entry.kind === "event" ? (
              <div className="mt-1 flex flex-wrap items-center gap-1.5">
                {Array.isArray(entry.detail.anomalies) ? <AnomalyBadges anomalies={entry.detail.anomalies.map(String)} /> : null}
                {eventFacts(entry.detail).map((fact, index) => (
                  <code key={`${fact}-${index}`} className="bg-muted rounded px-1.5 py-0.5 text-xs">
                    {fact}
                  </code>
                ))}
                {entry.notificationId ? (
                  <Link href={`/notifications/${entry.notificationId}`} className="text-primary text-xs hover:underline">
                    {t("fromNotification", { id: entry.notificationId })}
                  </Link>
                ) : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
