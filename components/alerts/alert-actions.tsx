"use client";

import { Check, Eye, LoaderCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { postConsole, type ConsoleError } from "@/components/orders/console-request";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

/** Acknowledge an open alert; resolve an open or acknowledged one with a note. */
export function AlertActions({ id, status }: { id: string; status: "OPEN" | "ACKNOWLEDGED" }) {
  const t = useTranslations("Alerts.actions");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [resolving, setResolving] = useState(false);
  const [error, setError] = useState<ConsoleError | null>(null);

  async function act(how: "acknowledge" | "resolve", body?: unknown) {
    setBusy(true);
    setError(null);
    const result = await postConsole(`/api/console/alerts/${id}/${how}`, body);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setResolving(false);
    router.refresh();
  }

  function resolve(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void act("resolve", { note: String(new FormData(event.currentTarget).get("note") ?? "") });
  }

  return (
    <div className="flex min-w-48 flex-col items-start gap-2">
      <div className="flex flex-wrap gap-1.5">
        {status === "OPEN" ? (
          <Button size="sm" variant="outline" onClick={() => act("acknowledge")} disabled={busy}>
            {busy ? <LoaderCircle aria-hidden className="animate-spin" /> : <Eye aria-hidden />}
            {t("acknowledge")}
          </Button>
        ) : null}
        <Button size="sm" variant="outline" onClick={() => setResolving(!resolving)} disabled={busy} aria-expanded={resolving}>
          <Check aria-hidden />
          {t("resolve")}
        </Button>
      </div>
      {resolving ? (
        <form onSubmit={resolve} aria-label={t("resolve")} className="w-full space-y-1.5">
          <Label htmlFor={`alert-note-${id}`}>{t("note")}</Label>
          <Textarea id={`alert-note-${id}`} name="note" required maxLength={500} rows={2} placeholder={t("notePlaceholder")} />
          <div className="flex gap-1.5">
            <Button size="sm" type="submit" disabled={busy}>
              {t("save")}
            </Button>
            <Button size="sm" type="button" variant="ghost" onClick={() => setResolving(false)}>
              {t("cancel")}
            </Button>
          </div>
        </form>
      ) : null}
      <p role="status" className="text-destructive text-xs">
        {error ? `${t("failed")}: ${error.message}` : null}
      </p>
    </div>
  );
}
