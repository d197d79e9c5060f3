"use client";

import { useTranslations } from "next-intl";

import { ChoiceFilter, DayRangeFilters, FilterForm, TextFilter } from "@/components/console/filter-form";
import { OUTCOMES, VERDICTS, type NotificationListQuery } from "@/lib/console/notification-query";

const FIELDS = ["signature", "outcome", "outTradeNo", "from", "to"] as const;

/** Verdict, outcome, order number and days; the newest page first again. */
export function NotificationFilters({ query }: { query: NotificationListQuery }) {
  const t = useTranslations("Notifications.filters");
  const tVerdict = useTranslations("Verdict");
  const tOutcome = useTranslations("NotificationOutcome");
  const filtered = FIELDS.some((name) => query[name] !== null);
  return (
    <FilterForm
      path="/notifications"
      fields={FIELDS}
      label={t("label")}
      labels={{ apply: t("apply"), clear: t("clear") }}
      clearHref={filtered ? "/notifications" : null}
      columns="lg:grid-cols-[1fr_1fr_1.2fr_1fr_1fr_auto]"
    >
      <ChoiceFilter name="signature" label={t("signature")} value={query.signature} anyLabel={t("any")} options={VERDICTS.map((verdict) => ({ value: verdict, label: tVerdict(verdict) }))} />
      <ChoiceFilter name="outcome" label={t("outcome")} value={query.outcome} anyLabel={t("any")} options={OUTCOMES.map((outcome) => ({ value: outcome, label: tOutcome(outcome) }))} />
      <TextFilter name="outTradeNo" label={t("outTradeNo")} value={query.outTradeNo} mono />
      <DayRangeFilters from={query.from} to={query.to} labels={{ from: t("from"), to: t("to") }} />
    </FilterForm>
  );
}
