"use client";

import { Search, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { formatYuan } from "@/lib/money";
import type { OrderListQuery } from "@/lib/orders/list-query";

/** Time range, amount range and search; the status tab and the sort stay as they are. */
export function OrderFilters({ query }: { query: OrderListQuery }) {
  const t = useTranslations("Orders.filters");
  const router = useRouter();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    if (query.status) params.set("status", query.status);
    for (const name of ["from", "to", "min", "max", "q", "flagged"]) {
      const value = String(form.get(name) ?? "").trim();
      if (value) params.set(name, value);
    }
    if (query.sort !== "createdAt" || !query.desc) params.set("sort", `${query.sort}.${query.desc ? "desc" : "asc"}`);
    const search = params.toString();
    router.push(`/orders${search ? `?${search}` : ""}`);
  }

  const filtered = query.from || query.to || query.minFen !== null || query.maxFen !== null || query.q || query.flagged;
  return (
    <form onSubmit={submit} role="search" aria-label={t("label")} className="bg-card grid gap-3 rounded-lg border p-3 sm:grid-cols-2 lg:grid-cols-[1.3fr_1fr_1fr_0.7fr_0.7fr_auto]">
      <div className="space-y-1.5">
        <Label htmlFor="filter-q">{t("search")}</Label>
        <Input id="filter-q" name="q" defaultValue={query.q ?? ""} placeholder={t("searchPlaceholder")} className="font-mono" />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-from">{t("from")}</Label>
        <Input id="filter-from" name="from" type="date" defaultValue={query.from ?? ""} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-to">{t("to")}</Label>
        <Input id="filter-to" name="to" type="date" defaultValue={query.to ?? ""} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-min">{t("min")}</Label>
        <Input id="filter-min" name="min" inputMode="decimal" defaultValue={query.minFen === null ? "" : formatYuan(query.minFen)} placeholder="0.00" />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-max">{t("max")}</Label>
        <Input id="filter-max" name="max" inputMode="decimal" defaultValue={query.maxFen === null ? "" : formatYuan(query.maxFen)} placeholder="0.00" />
      </div>
      <div className="flex items-end gap-2">
        <label className="flex h-9 items-center gap-2 text-sm whitespace-nowrap">
          <input type="checkbox" name="flagged" value="1" defaultChecked={query.flagged} className="size-4" />
          {t("flagged")}
        </label>
        <Button type="submit">
          <Search aria-hidden />
          {t("apply")}
        </Button>
        {filtered ? (
          <Button type="button" variant="ghost" onClick={() => router.push(query.status ? `/orders?status=${query.status}` : "/orders")}>
            <X aria-hidden />
            {t("clear")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
