"use client";

import { useTranslations } from "next-intl";

import { ChoiceFilter, FilterField, FilterForm } from "@/components/console/filter-form";
import { Input } from "@/components/ui/input";
import { type FundsQuery, NO_STORE } from "@/lib/funds/period";

/** The period's date (a day, a month or a year, as the period is) and the store; the period stays. */
export function FundsFilter({ query, storeIds }: { query: FundsQuery; storeIds: Array<string | null> }) {
  const t = useTranslations("Funds.filter");
  // The chosen store stays choosable when the period has none of its money.
  const stores = [...new Set([...storeIds, ...(query.store === null ? [] : [query.store === NO_STORE ? null : query.store])])];
  const date =
    query.period === "day" ? (
      <Input id="filter-date" name="date" type="date" defaultValue={query.date} min="2000-01-01" max="2099-12-31" required />
    ) : query.period === "month" ? (
      <Input id="filter-date" name="date" type="month" defaultValue={query.date} min="2000-01" max="2099-12" required />
    ) : (
      <Input id="filter-date" name="date" type="number" defaultValue={query.date} min={2000} max={2099} step={1} required />
    );
  return (
    <FilterForm
      path="/funds"
      fields={["date", "store"]}
      keep={{ period: query.period === "day" ? null : query.period }}
      label={t("label")}
      labels={{ apply: t("apply"), clear: t("clear") }}
      clearHref={query.store !== null ? `/funds${query.period === "day" ? "" : `?period=${query.period}`}` : null}
      columns="lg:grid-cols-[14rem_16rem_auto]"
    >
      <FilterField id="filter-date" label={t("date")}>
        {date}
      </FilterField>
      <ChoiceFilter
        name="store"
        label={t("store")}
        value={query.store}
        anyLabel={t("allStores")}
        options={stores.map((store) => (store === null ? { value: NO_STORE, label: t("noStore") } : { value: store, label: store }))}
      />
    </FilterForm>
  );
}
