// /funds – the fund flow: paid, refunded, net, fees and settlement for a Beijing day by the hour, a month by
// the day or a year by the month; by store and till; live while the period is under way; as CSV.
import { ChevronLeft, ChevronRight, Download } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";

import { QueryProblems } from "@/components/console/query-problems";
import { StatCard } from "@/components/console/stat-card";
import { FundsFilter } from "@/components/funds/funds-filter";
import { BucketsTable, StoresTable } from "@/components/funds/funds-tables";
import { MoneyChart } from "@/components/funds/money-chart";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requireOperator } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { formatCursor } from "@/lib/events/cursor";
import { feedHead } from "@/lib/events/feed";
import { type FundsQuery, PERIODS, bucketStart, currentDate, dateIn, fundsSearch, isCurrent, neighbours, parseFundsQuery } from "@/lib/funds/period";
import { configuredFeeRate, getFunds } from "@/lib/funds/read";
import type { Figures } from "@/lib/funds/report";
import { yuanText } from "@/lib/money";
import type { SearchParams } from "@/lib/url-params";
import { cn } from "@/lib/utils";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("Funds");
  return { title: t("title") };
}

const hh = (hour: number) => String(hour).padStart(2, "0");

export default async function FundsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const now = new Date();
  const { query, problems } = parseFundsQuery(await searchParams, now);
  await requireOperator(`/funds${fundsSearch(query, now)}`);
  const db = getDb();
  const feeRateBp = configuredFeeRate();
  // The feed's position before the figures: a change between the two is then refreshed, not missed.
  const head = await feedHead(db);
  const [t, format, funds] = await Promise.all([getTranslations("Funds"), getFormatter(), getFunds(db, query, feeRateBp)]);
  const current = isCurrent(funds.range, now);
  // Today is live; a month or a year under way is read when opened (summing it on every payment would
  // cost the database more than the figures are worth second by second).
  const live = current && query.period === "day";
  const around = neighbours(query, now);
  const href = (changes: Partial<FundsQuery>) => `/funds${fundsSearch({ ...query, ...changes }, now)}`;
  const rate = feeRateBp === null ? "" : format.number(feeRateBp / 10_000, { style: "percent", maximumFractionDigits: 2 });

  // Each bucket's words: the table's row label, the chart's tooltip and its axis tick.
  const at = (day: string) => new Date(`${day}T00:00:00+08:00`);
  const describe = (key: string): { label: string; tick: string | null } => {
    if (query.period === "day") {
      const hour = Number(key.slice(11, 13));
      return { label: t("hourRange", { from: `${hh(hour)}:00`, to: `${hh(hour + 1)}:00` }), tick: hour % 3 === 0 ? hh(hour) : null };
    }
    if (query.period === "month") {
      const day = Number(key.slice(8, 10));
      return { label: format.dateTime(at(key), { month: "short", day: "numeric", weekday: "short" }), tick: day === 1 || day % 5 === 0 ? String(day) : null };
    }
    const month = at(`${key}-01`);
    return { label: format.dateTime(month, { year: "numeric", month: "long" }), tick: format.dateTime(month, { month: "short" }) };
  };
  const buckets = funds.buckets.map((bucket) => ({ ...bucket, ...describe(bucket.key) }));
  const heading =
    query.period === "day"
      ? format.dateTime(at(query.date), { year: "numeric", month: "long", day: "numeric", weekday: "long" })
      : query.period === "month"
        ? format.dateTime(at(`${query.date}-01`), { year: "numeric", month: "long" })
        : query.date;

  return (
    <main className="mx-auto w-full max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="text-muted-foreground max-w-3xl text-sm">{t("description")}</p>
        </div>
        {live ? <LiveRefresh since={formatCursor(head)} topics={[{ kind: "order" }]} /> : null}
      </div>
      <QueryProblems title={t("problems")} problems={problems} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label={t("periods.label")} className="bg-muted inline-flex gap-1 rounded-lg p-1">
          {PERIODS.map((period) => (
            <Link
              key={period}
              href={href({ period, date: dateIn(period, query, now) })}
              aria-current={period === query.period ? "page" : undefined}
              className={cn("rounded-md px-3 py-1.5 text-sm", period === query.period ? "bg-background font-medium shadow-sm" : "text-muted-foreground hover:text-foreground")}
            >
              {t(`periods.${period}`)}
            </Link>
          ))}
        </nav>
        <div className="flex flex-wrap items-center gap-2">
          {around.previous ? (
            <Button asChild variant="outline" size="sm">
              <Link href={href({ date: around.previous })}>
                <ChevronLeft aria-hidden />
                {t(`previous.${query.period}`)}
              </Link>
            </Button>
          ) : null}
          {around.next ? (
            <Button asChild variant="outline" size="sm">
              <Link href={href({ date: around.next })}>
                {t(`next.${query.period}`)}
                <ChevronRight aria-hidden />
              </Link>
            </Button>
          ) : null}
          {current ? null : (
            <Button asChild variant="ghost" size="sm">
              <Link href={href({ date: currentDate(query.period, now) })}>{t(`current.${query.period}`)}</Link>
            </Button>
          )}
          <Button asChild size="sm">
            {/* The date always: a page left open past midnight exports the day it shows. */}
            <a href={`/funds/export?${new URLSearchParams({ period: query.period, date: query.date, ...(query.store === null ? {} : { store: query.store }) })}`} download>
              <Download aria-hidden />
              {t("export")}
            </a>
          </Button>
        </div>
      </div>
      <FundsFilter query={query} storeIds={funds.storeIds} />
      <h2 className="text-lg font-semibold" data-testid="funds-heading">
        {t(`heading.${query.period}`, { date: heading })}
      </h2>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <StatCard testId="funds-paid" label={t("stats.paid")} value={yuanText(funds.total.paidFen)} detail={t("stats.paidCount", { count: funds.total.payments })} />
        <StatCard testId="funds-refunded" label={t("stats.refunded")} value={yuanText(funds.total.refundedFen)} detail={t("stats.refundCount", { count: funds.total.refunds })} />
        <StatCard testId="funds-net" label={t("stats.net")} value={yuanText(funds.total.netFen)} detail={t("stats.netDetail")} />
        <StatCard testId="funds-fee" label={t("stats.fee")} value={yuanText(funds.total.feeFen)} detail={feeDetail(funds.total, funds.billedDays, rate, t)} />
        <StatCard testId="funds-settlement" label={t("stats.settlement")} value={yuanText(funds.total.settlementFen)} detail={t("stats.settlementDetail")} />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>{t("chart.title")}</CardTitle>
        </CardHeader>
        <CardContent>
          <MoneyChart
            bars={buckets.map((bucket) => ({ key: bucket.key, tick: bucket.tick, label: bucket.label, paidFen: bucket.paidFen, refundedFen: bucket.refundedFen, netFen: bucket.netFen }))}
            labels={{ title: t("chart.label"), period: t("chart.period"), paid: t("chart.paid"), refunded: t("chart.refunded"), net: t("chart.net") }}
          />
        </CardContent>
      </Card>
      <section className="space-y-3" aria-labelledby="stores-title">
        <div className="space-y-0.5">
          <h2 id="stores-title" className="text-lg font-semibold">
            {t("stores.title")}
          </h2>
          <p className="text-muted-foreground text-sm">{t("stores.description")}</p>
        </div>
        <StoresTable stores={funds.stores} total={funds.total} filtered={query.store !== null} />
      </section>
      <section className="space-y-3" aria-labelledby="buckets-title">
        <h2 id="buckets-title" className="text-lg font-semibold">
          {t("table.title")}
        </h2>
        {/* The buckets still to come are in the chart (its scale is the period's) and not in the table. */}
        <BucketsTable buckets={buckets.filter((bucket) => bucketStart(query.period, bucket.key) <= now)} total={funds.total} />
      </section>
    </main>
  );
}

/** Where the period's fees come from, in words. */
function feeDetail(total: Figures, billedDays: number, rate: string, t: Awaited<ReturnType<typeof getTranslations<"Funds">>>): string {
  const sources = total.feeSources;
  if (sources.length === 0) return t("feeDetail.empty");
  if (sources.includes("none")) return sources.length === 1 ? t("feeDetail.none") : t("feeDetail.partial");
  if (sources.includes("bill") && sources.includes("estimate")) return t("feeDetail.mixed", { billed: billedDays, rate });
  return sources.includes("bill") ? t("feeDetail.bill") : t("feeDetail.estimate", { rate });
}
