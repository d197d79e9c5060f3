"use client";

import { Search, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { AuditAction, AuditOutcome } from "@/lib/audit";
import type { AuditQuery } from "@/lib/console/audit-query";
import { DEFAULT_PAGE_SIZE } from "@/lib/url-params";

const FIELDS = ["action", "outcome", "actor", "target", "from", "to"] as const;

/** Action, outcome, actor, target and days; the choices come from the server (lib/audit is server-only). */
export function AuditFilters({ query, actions, outcomes }: { query: AuditQuery; actions: readonly AuditAction[]; outcomes: readonly AuditOutcome[] }) {
  const t = useTranslations("Audit");
  const tAction = useTranslations("AuditAction");
  const router = useRouter();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of FIELDS) {
      const value = String(form.get(name) ?? "").trim();
      if (value) params.set(name, value);
    }
    if (query.size !== DEFAULT_PAGE_SIZE) params.set("size", String(query.size));
    const search = params.toString();
    router.push(`/audit${search ? `?${search}` : ""}`);
  }

  const filtered = FIELDS.some((name) => query[name] !== null);
  return (
    <form onSubmit={submit} role="search" aria-label={t("filters.label")} className="bg-card grid gap-3 rounded-lg border p-3 sm:grid-cols-2 lg:grid-cols-[1.2fr_1fr_1.2fr_1fr_0.8fr_0.8fr_auto]">
      <div className="space-y-1.5">
        <Label htmlFor="filter-action">{t("filters.action")}</Label>
        <Select id="filter-action" name="action" defaultValue={query.action ?? ""}>
          <option value="">{t("filters.anyAction")}</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {tAction(action)}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-outcome">{t("filters.outcome")}</Label>
        <Select id="filter-outcome" name="outcome" defaultValue={query.outcome ?? ""}>
          <option value="">{t("filters.anyOutcome")}</option>
          {outcomes.map((outcome) => (
            <option key={outcome} value={outcome}>
              {t(`outcome.${outcome}`)}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-actor">{t("filters.actor")}</Label>
        <Input id="filter-actor" name="actor" type="search" defaultValue={query.actor ?? ""} placeholder={t("filters.actorPlaceholder")} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-target">{t("filters.target")}</Label>
        <Input id="filter-target" name="target" defaultValue={query.target ?? ""} className="font-mono" />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-from">{t("filters.from")}</Label>
        <Input id="filter-from" name="from" type="date" defaultValue={query.from ?? ""} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-to">{t("filters.to")}</Label>
        <Input id="filter-to" name="to" type="date" defaultValue={query.to ?? ""} />
      </div>
      <div className="flex items-end gap-2">
        <Button type="submit">
          <Search aria-hidden />
          {t("filters.apply")}
        </Button>
        {filtered ? (
          <Button type="button" variant="ghost" onClick={() => router.push("/audit")}>
            <X aria-hidden />
            {t("filters.clear")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
