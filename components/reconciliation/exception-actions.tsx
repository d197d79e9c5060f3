"use client";

import { Check, LoaderCircle, RefreshCw, Undo2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { postConsole, type ConsoleError } from "@/components/orders/console-request";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { ResolutionAction } from "@/lib/reconciliation/exception-kinds";

type Resolved = { healed?: boolean; alipay?: string; exception: { status: string; note: string | null } };

/**
 * The ways to resolve one open exception the operator may use: resync (then the day is run again),
 * refund (after a confirmation), review (with a note).
 */
export function ExceptionActions({ id, actions }: { id: string; actions: readonly ResolutionAction[] }) {
  const t = useTranslations("Reconciliation.actions");
  const router = useRouter();
  const [busy, setBusy] = useState<ResolutionAction | null>(null);
  const [open, setOpen] = useState<"REVIEW" | "REFUND" | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);

  async function resolve(how: ResolutionAction, body?: unknown) {
    setBusy(how);
    setError(null);
    setMessage(null);
    const result = await postConsole<Resolved>(`/api/console/reconciliation/exceptions/${id}/${how.toLowerCase()}`, body);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setOpen(null);
    const { healed, alipay, exception } = result.data;
    if (how === "RESYNC") setMessage(healed ? t("healed") : t("notHealed", { alipay: alipay ?? "—" }));
    if (how === "REFUND") setMessage(t("refunded", { note: exception.note ?? "" }));
    router.refresh();
  }

  function review(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void resolve("REVIEW", { note: String(new FormData(event.currentTarget).get("note") ?? "") });
  }

  const icon = (how: ResolutionAction, Icon: typeof Check) => (busy === how ? <LoaderCircle aria-hidden className="animate-spin" /> : <Icon aria-hidden />);
  return (
    <div className="flex min-w-56 flex-col items-start gap-2">
      <div className="flex flex-wrap gap-1.5">
        {actions.includes("RESYNC") ? (
          <Button size="sm" variant="outline" onClick={() => resolve("RESYNC")} disabled={busy !== null}>
            {icon("RESYNC", RefreshCw)}
            {t("RESYNC")}
          </Button>
        ) : null}
        {actions.includes("REFUND") ? (
          <Button size="sm" variant="outline" onClick={() => setOpen(open === "REFUND" ? null : "REFUND")} disabled={busy !== null} aria-expanded={open === "REFUND"}>
            {icon("REFUND", Undo2)}
            {t("REFUND")}
          </Button>
        ) : null}
        {actions.includes("REVIEW") ? (
          <Button size="sm" variant="outline" onClick={() => setOpen(open === "REVIEW" ? null : "REVIEW")} disabled={busy !== null} aria-expanded={open === "REVIEW"}>
            {icon("REVIEW", Check)}
            {t("REVIEW")}
          </Button>
        ) : null}
      </div>
      {open === "REFUND" ? (
        <div role="group" aria-label={t("REFUND")} className="bg-muted/50 space-y-2 rounded-md border p-2.5 text-sm">
          <p>{t("confirmRefund")}</p>
          <div className="flex gap-1.5">
            <Button size="sm" variant="destructive" onClick={() => resolve("REFUND")} disabled={busy !== null}>
              {t("confirm")}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setOpen(null)}>
              {t("cancel")}
            </Button>
          </div>
        </div>
      ) : null}
      {open === "REVIEW" ? (
        <form onSubmit={review} aria-label={t("REVIEW")} className="w-full space-y-1.5">
          <Label htmlFor={`note-${id}`}>{t("note")}</Label>
          <Textarea id={`note-${id}`} name="note" required maxLength={500} rows={2} placeholder={t("notePlaceholder")} />
          <div className="flex gap-1.5">
            <Button size="sm" type="submit" disabled={busy !== null}>
              {t("save")}
            </Button>
            <Button size="sm" type="button" variant="ghost" onClick={() => setOpen(null)}>
              {t("cancel")}
            </Button>
          </div>
        </form>
      ) : null}
      <p role="status" className="text-xs">
        {error ? <span className="text-destructive">{`${t("failed")}: ${error.message}`}</span> : message}
      </p>
    </div>
  );
}
