// /orders – every order: status tabs with counts, filters, sorting and pages in the URL, live.
import { Download } from "lucide-react";
import { getTranslations } from "next-intl/server";

import { LiveRefresh } from "@/components/live/live-refresh";
import { OrderFilters } from "@/components/orders/order-filters";
import { OrdersTable } from "@/components/orders/orders-table";
import { StatusTabs } from "@/components/orders/status-tabs";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { requireOperator } from "@/lib/auth/session";
import { listOrders } from "@/lib/console/orders";
import { getDb } from "@/lib/db";
import { formatCursor } from "@/lib/events/cursor";
import { feedHead } from "@/lib/events/feed";
import { orderListSearch, parseOrderListQuery } from "@/lib/orders/list-query";
import { DEFAULT_PAGE_SIZE } from "@/lib/url-params";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("Orders");
  return { title: t("title") };
}

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const { query, problems } = parseOrderListQuery(params);
  await requireOperator(`/orders${orderListSearch(query)}`);
  // The feed's position before reading: whatever changes after it reaches the page live.
  const since = formatCursor(await feedHead(getDb()));
  const [t, result] = await Promise.all([getTranslations("Orders"), listOrders(getDb(), query)]);
  // The whole view, every page of it.
  const exportSearch = orderListSearch(query, { page: 1, size: DEFAULT_PAGE_SIZE });

  return (
    <main className="mx-auto w-full max-w-7xl space-y-5 px-4 py-8 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="text-muted-foreground text-sm">{t("description")}</p>
          <LiveRefresh since={since} topics={[{ kind: "order" }]} />
        </div>
        <Button asChild variant="outline">
          <a href={`/orders/export${exportSearch}`} download>
            <Download aria-hidden />
            {t("export")}
          </a>
        </Button>
      </div>
      {problems.length > 0 ? (
        <Alert variant="destructive">
          <AlertTitle>{t("problems.title")}</AlertTitle>
          <AlertDescription>
            <ul className="list-disc pl-5">
              {problems.map((problem) => (
                <li key={`${problem.field}-${problem.reason}`}>
                  <code>{problem.field}</code>: {problem.reason}
                </li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      ) : null}
      <StatusTabs query={query} counts={result.counts} />
      <OrderFilters query={query} />
      <OrdersTable rows={result.rows} total={result.total} query={query} />
    </main>
  );
}
