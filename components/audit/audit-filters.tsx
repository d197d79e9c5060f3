"use client";

import { useTranslations } from "next-intl";

import { ChoiceFilter, DayRangeFilters, FilterForm, TextFilter } from "@/components/console/filter-form";
import type { AuditAction, AuditOutcome } from "@/lib/audit";
import type { AuditQuery } from "@/lib/console/audit-query";
import { DEFAULT_PAGE_SIZE } from "@/lib/url-params";

const FIELDS = ["action", "outcome", "actor", "target", "from", "to"] as const;

/** Action, outcome, actor, target and days; the choices come from the server (lib/audit is server-only). */
export function AuditFilters({ query, actions, outcomes }: { query: AuditQuery; actions: readonly AuditAction[]; outcomes: readonly AuditOutcome[] }) {
  const t = useTranslations("Audit");
  const tAction = useTranslations("AuditAction");
  const filtered = FIELDS.some((name) => query[name] !== null);
  return (
    <FilterForm
      path="/audit"
      fields={FIELDS}
      keep={{ size: query.size !== DEFAULT_PAGE_SIZE ? String(query.size) : null }}
      label={t("filters.label")}
      labels={{ apply: t("filters.apply"), clear: t("filters.clear") }}
      clearHref={filtered ? "/audit" : null}
      columns="lg:grid-cols-[1.2fr_1fr_1.2fr_1fr_0.8fr_0.8fr_auto]"
    >
      <ChoiceFilter name="action" label={t("filters.action")} value={query.action} anyLabel={t("filters.anyAction")} options={actions.map((action) => ({ value: action, label: tAction(action) }))} />
      <ChoiceFilter name="outcome" label={t("filters.outcome")} value={query.outcome} anyLabel={t("filters.anyOutcome")} options={outcomes.map((outcome) => ({ value: outcome, label: t(`outcome.${outcome}`) }))} />
      <TextFilter name="actor" label={t("filters.actor")} value={query.actor} placeholder={t("filters.actorPlaceholder")} />
      <TextFilter name="target" label={t("filters.target")} value={query.target} mono />
      <DayRangeFilters from={query.from} to={query.to} labels={{ from: t("filters.from"), to: t("filters.to") }} />
    </FilterForm>
  );
}
