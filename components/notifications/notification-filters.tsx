"use client";

import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { OUTCOMES, VERDICTS, type NotificationListQuery } from "@/lib/console/notification-query";

export function NotificationFilters({ query }: { query: NotificationListQuery }) {
  const t = useTranslations("Notifications.filters");
  const tVerdict = useTranslations("Verdict");
  const tOutcome = useTranslations("NotificationOutcome");
  const router = useRouter();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of ["signature", "outcome", "outTradeNo", "from", "to"]) {
      const value = String(form.get(name) ?? "").trim();
      if (value) params.set(name, value);
    }
    const search = params.toString();
    router.push(`/notifications${search ? `?${search}` : ""}`);
  }

  return (
    <form onSubmit={submit} role="search" aria-label={t("label")} className="bg-card grid gap-3 rounded-lg border p-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1.2fr_1fr_1fr_auto]">
      <div className="space-y-1.5">
        <Label htmlFor="filter-signature">{t("signature")}</Label>
        <Select id="filter-signature" name="signature" defaultValue={query.signature ?? ""}>
          <option value="">{t("any")}</option>
          {VERDICTS.map((verdict) => (
            <option key={verdict} value={verdict}>
              {tVerdict(verdict)}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-outcome">{t("outcome")}</Label>
        <Select id="filter-outcome" name="outcome" defaultValue={query.outcome ?? ""}>
          <option value="">{t("any")}</option>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {tOutcome(outcome)}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-order">{t("outTradeNo")}</Label>
        <Input id="filter-order" name="outTradeNo" defaultValue={query.outTradeNo ?? ""} className="font-mono" />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-from">{t("from")}</Label>
        <Input id="filter-from" name="from" type="date" defaultValue={query.from ?? ""} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="filter-to">{t("to")}</Label>
        <Input id="filter-to" name="to" type="date" defaultValue={query.to ?? ""} />
      </div>
      <div className="flex items-end">
        <Button type="submit">
          <Search aria-hidden />
          {t("apply")}
        </Button>
      </div>
    </form>
  );
}
