import Link from "next/link";
import { getTranslations } from "next-intl/server";

import type { StatusCounts } from "@/lib/console/orders";
import { orderListSearch, type OrderListQuery, type TabCount } from "@/lib/orders/list-query";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/orders/status";
import { cn } from "@/lib/utils";

/** A tab per status with its count under the current filters ("10,000+" past the cap); links, so each tab has its URL. */
export async function StatusTabs({ query, counts }: { query: OrderListQuery; counts: StatusCounts }) {
  const [t, tStatus] = await Promise.all([getTranslations("Orders"), getTranslations("OrderStatus")]);
  const tabs: Array<{ status: OrderStatus | null; label: string; count: TabCount }> = [
    { status: null, label: t("tabs.all"), count: counts.ALL },
    ...ORDER_STATUSES.map((status) => ({ status, label: tStatus(status), count: counts[status] })),
  ];
  return (
    <nav aria-label={t("tabs.label")} className="bg-muted inline-flex flex-wrap gap-1 rounded-lg p-1">
      {tabs.map((tab) => {
        const active = query.status === tab.status;
        return (
          <Link
            key={tab.status ?? "ALL"}
            href={`/orders${orderListSearch(query, { status: tab.status, page: 1 })}`}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
              active ? "bg-background text-foreground shadow-sm" : "text-muted-foreground hover:text-foreground",
            )}
          >
            {tab.label}
            <span
              className={cn("rounded px-1.5 text-xs tabular-nums", active ? "bg-muted" : "bg-background/60")}
              data-testid={`count-${tab.status ?? "ALL"}`}
              title={tab.count.more ? t("tabs.capped", { count: tab.count.count }) : undefined}
            >
              {tab.count.more ? t("tabs.atLeast", { count: tab.count.count }) : tab.count.count}
            </span>
          </Link>
        );
      })}
    </nav>
  );
}
