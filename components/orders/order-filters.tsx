"use client";

import { useTranslations } from "next-intl";

import { DayRangeFilters, FilterForm, TextFilter } from "@/components/console/filter-form";
import { formatYuan } from "@/lib/money";
import type { OrderListQuery } from "@/lib/orders/list-query";

/** Time range, amount range and search; the status tab and the sort stay as they are. */
export function OrderFilters({ query }: { query: OrderListQuery }) {
  const t = useTranslations("Orders.filters");
  const filtered = query.from || query.to || query.minFen !== null || query.maxFen !== null || query.q || query.flagged;
  const sorted = query.sort !== "createdAt" || !query.desc;
  return (
    <FilterForm
      path="/orders"
      fields={["from", "to", "min", "max", "q", "flagged"]}
      keep={{ status: query.status, sort: sorted ? `${query.sort}.${query.desc ? "desc" : "asc"}` : null }}
      label={t("label")}
      labels={{ apply: t("apply"), clear: t("clear") }}
      clearHref={filtered ? (query.status ? `/orders?status=${query.status}` : "/orders") : null}
      columns="lg:grid-cols-[1.3fr_1fr_1fr_0.7fr_0.7fr_auto]"
      beforeButtons={
        <label className="flex h-9 items-center gap-2 text-sm whitespace-nowrap">
          <input type="checkbox" name="flagged" value="1" defaultChecked={query.flagged} className="size-4" />
          {t("flagged")}
        </label>
      }
    >
      <TextFilter name="q" label={t("search")} value={query.q} placeholder={t("searchPlaceholder")} mono />
      <DayRangeFilters from={query.from} to={query.to} labels={{ from: t("from"), to: t("to") }} />
      <TextFilter name="min" label={t("min")} value={query.minFen === null ? null : formatYuan(query.minFen)} placeholder="0.00" inputMode="decimal" />
      <TextFilter name="max" label={t("max")} value={query.maxFen === null ? null : formatYuan(query.maxFen)} placeholder="0.00" inputMode="decimal" />
    </FilterForm>
  );
}
