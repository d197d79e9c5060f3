"use client";

import { Check, Copy, KeyRound } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A password or key shown this once: it is not stored in clear and cannot be shown again. */
export function SecretOnce({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  const t = useTranslations("Settings.secret");
  const [copied, setCopied] = useState(false);
  return (
    <Alert data-testid="secret-once">
      <KeyRound aria-hidden />
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription className="space-y-2">
        <p>{t("once")}</p>
        <code className="bg-muted block rounded px-2 py-1.5 font-mono text-xs break-all text-foreground" data-testid="secret-value">
          {secret}
        </code>
        <div className="flex flex-wrap gap-2">
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() => {
              void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
            }}
          >
            {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
            {copied ? t("copied") : t("copy")}
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={onDone}>
            {t("done")}
          </Button>
        </div>
      </AlertDescription>
    </Alert>
  );
}
