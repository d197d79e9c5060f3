"use client";

import { useTranslations } from "next-intl";

import { ChoiceFilter, DayRangeFilters, FilterForm, TextFilter } from "@/components/console/filter-form";
import { GATEWAY_METHODS, GATEWAY_OUTCOMES, type GatewayCallQuery } from "@/lib/console/gateway-call-query";
import { DEFAULT_PAGE_SIZE } from "@/lib/url-params";

const FIELDS = ["method", "outcome", "code", "outTradeNo", "from", "to"] as const;

/** Method, outcome, code, order number and days; a new filter starts again at the first page. */
export function GatewayCallFilters({ query }: { query: GatewayCallQuery }) {
  const t = useTranslations("GatewayCalls");
  const filtered = FIELDS.some((name) => query[name] !== null);
  return (
    <FilterForm
      path="/gateway-calls"
      fields={FIELDS}
      keep={{ size: query.size !== DEFAULT_PAGE_SIZE ? String(query.size) : null }}
      label={t("filters.label")}
      labels={{ apply: t("filters.apply"), clear: t("filters.clear") }}
      clearHref={filtered ? "/gateway-calls" : null}
      columns="lg:grid-cols-[1.3fr_1fr_1fr_1fr_0.8fr_0.8fr_auto]"
    >
      <ChoiceFilter name="method" label={t("filters.method")} value={query.method} anyLabel={t("filters.anyMethod")} options={GATEWAY_METHODS.map((method) => ({ value: method, label: method }))} />
      <ChoiceFilter name="outcome" label={t("filters.outcome")} value={query.outcome} anyLabel={t("filters.anyOutcome")} options={GATEWAY_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`outcome.${outcome}`) }))} />
      <TextFilter name="code" label={t("filters.code")} value={query.code} placeholder={t("filters.codePlaceholder")} mono />
      <TextFilter name="outTradeNo" label={t("filters.outTradeNo")} value={query.outTradeNo} mono />
      <DayRangeFilters from={query.from} to={query.to} labels={{ from: t("filters.from"), to: t("filters.to") }} />
    </FilterForm>
  );
}
