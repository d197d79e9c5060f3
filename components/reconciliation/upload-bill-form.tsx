"use client";

import { LoaderCircle, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import type { ConsoleError } from "@/components/orders/console-request";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Uploaded = { rows: number; run: { ok: boolean; found?: number } | null };

/** Uploads a bill saved from Alipay's merchant site for a day, then shows what the day's run found. */
export function UploadBillForm({ defaultDay }: { defaultDay: string }) {
  const t = useTranslations("Reconciliation.upload");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Uploaded | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const response = await fetch("/api/console/reconciliation/bills", { method: "POST", body: new FormData(event.currentTarget) }).catch(() => null);
    const payload = (await response?.json().catch(() => null)) as (Uploaded & { error?: ConsoleError }) | null;
    setBusy(false);
    if (!response?.ok || !payload || payload.error) {
      setError(payload?.error ?? { code: "NETWORK", message: response ? `HTTP ${response.status}` : "The console could not be reached", details: {} });
      return;
    }
    setDone(payload);
    router.refresh();
  }

  const line = typeof error?.details.line === "number" ? error.details.line : null;
  return (
    <form onSubmit={submit} aria-label={t("title")} className="space-y-3" encType="multipart/form-data">
      <div className="grid gap-3 sm:grid-cols-[12rem_minmax(0,1fr)_auto] sm:items-end">
        <div className="space-y-1.5">
          <Label htmlFor="bill-day">{t("day")}</Label>
          <Input id="bill-day" name="billDate" type="date" required defaultValue={defaultDay} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="bill-file">{t("file")}</Label>
          <Input id="bill-file" name="file" type="file" required accept=".zip,.csv,application/zip,text/csv" />
        </div>
        <Button type="submit" disabled={busy}>
          {busy ? <LoaderCircle aria-hidden className="animate-spin" /> : <Upload aria-hidden />}
          {busy ? t("working") : t("submit")}
        </Button>
      </div>
      {error ? (
        <Alert variant="destructive" data-testid="upload-error">
          <AlertTitle>{error.code === "BILL_REFUSED" ? t("refused") : t("failed")}</AlertTitle>
          <AlertDescription>{line !== null ? t("refusedAt", { line, reason: error.message }) : error.message}</AlertDescription>
        </Alert>
      ) : null}
      {done ? (
        <Alert data-testid="upload-done">
          <AlertDescription>{t("done", { rows: done.rows, found: done.run?.found ?? 0 })}</AlertDescription>
        </Alert>
      ) : null}
    </form>
  );
}
