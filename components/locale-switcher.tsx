"use client";

import { Languages } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";

import { Button } from "@/components/ui/button";
import { setLocaleAction } from "@/lib/i18n/actions";
import { localeNames, locales } from "@/lib/i18n/config";

export function LocaleSwitcher() {
  const current = useLocale();
  const t = useTranslations("LocaleSwitcher");
  const [isPending, startTransition] = useTransition();

  return (
    <div role="group" aria-label={t("label")} className="bg-background flex items-center gap-0.5 rounded-lg border p-0.5">
      <Languages aria-hidden className="text-muted-foreground mx-1.5 size-4" />
      {locales.map((locale) => (
        <Button
          key={locale}
          type="button"
          size="sm"
          variant={locale === current ? "secondary" : "ghost"}
          className="h-7 px-2.5"
          lang={locale}
          aria-pressed={locale === current}
          disabled={isPending}
          onClick={() => startTransition(() => setLocaleAction(locale))}
        >
          {localeNames[locale]}
        </Button>
      ))}
    </div>
  );
}
