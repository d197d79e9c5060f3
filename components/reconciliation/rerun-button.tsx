"use client";

import { LoaderCircle, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { postConsole, type ConsoleError } from "@/components/orders/console-request";
import { Button } from "@/components/ui/button";

type Run = { found: number; opened: number; gone: number };

/** Runs the day's reconciliation again; what was resolved stays resolved. */
export function RerunButton({ billDate }: { billDate: string }) {
  const t = useTranslations("Reconciliation.rerun");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Run | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);

  async function run() {
    setBusy(true);
    setError(null);
    const response = await postConsole<Run>(`/api/console/reconciliation/days/${billDate}/run`);
    setBusy(false);
    if (!response.ok) return setError(response.error);
    setResult(response.data);
    router.refresh();
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="outline" onClick={run} disabled={busy}>
        {busy ? <LoaderCircle aria-hidden className="animate-spin" /> : <RefreshCw aria-hidden />}
        {busy ? t("working") : t("label")}
      </Button>
      <p role="status" className="text-muted-foreground text-xs">
        {error ? <span className="text-destructive">{`${t("failed")}: ${error.message}`}</span> : result ? t("done", result) : null}
      </p>
    </div>
  );
}
