"use client";

import { Search, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { GATEWAY_METHODS, GATEWAY_OUTCOMES, type GatewayCallQuery } from "@/lib/console/gateway-call-query";
import { DEFAULT_PAGE_SIZE } from "@/lib/url-params";

const FIELDS = ["method", "outcome", "code", "outTradeNo", "from", "to"] as const;

/** Method, outcome, code, order number and days; a new filter starts again at the first page. */
export function GatewayCallFilters({ query }: { query: GatewayCallQuery }) {
  const t = useTranslations("GatewayCalls");
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
    router.push(`/gateway-calls${search ? `?${search}` : ""}`);
  }

  const filtered = FIELDS.some((name) => query[name] !== null);
  return (
    <form onSubmit={submit} role="search" aria-label={t("filters.label")} className="bg-card grid gap-3 rounded-lg border p-3 sm:grid-cols-2 lg:grid-cols-[1.3fr_1fr_1fr_1fr_0.8fr_0.8fr_auto]">
      <div className="space-y-1.5">
        <Label htmlFor="filter-method">{t("filters.method")}</Label>
        <Select id="filter-method" name="method" defaultValue={query.method ?? ""}>
          <option value="">{t("filters.anyMethod")}</option>
          {GATEWAY_METHODS.map((method) => (
            <option key={method} value={method}>
              {method}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-outcome">{t("filters.outcome")}</Label>
        <Select id="filter-outcome" name="outcome" defaultValue={query.outcome ?? ""}>
          <option value="">{t("filters.anyOutcome")}</option>
          {GATEWAY_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {t(`outcome.${outcome}`)}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-code">{t("filters.code")}</Label>
        <Input id="filter-code" name="code" defaultValue={query.code ?? ""} placeholder={t("filters.codePlaceholder")} className="font-mono" />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-out-trade-no">{t("filters.outTradeNo")}</Label>
        <Input id="filter-out-trade-no" name="outTradeNo" defaultValue={query.outTradeNo ?? ""} className="font-mono" />
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
          <Button type="button" variant="ghost" onClick={() => router.push("/gateway-calls")}>
            <X aria-hidden />
            {t("filters.clear")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
