"use client";

import { FlaskConical, LoaderCircle, Play } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { postConsole, type ConsoleError } from "@/components/orders/console-request";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

type DryRun = { outcome: string; reply: string; changes: string[]; anomalies: string[]; orderId: string | null };
type Replayed = { id: number; outcome: string; reply: string };

/** Replay through today's handler: a dry run (operator), then for real (admin). */
export function ReplayActions({ id, allowed }: { id: number; allowed: { dryRun: boolean; apply: boolean } }) {
  const t = useTranslations("Replay");
  const router = useRouter();
  const [busy, setBusy] = useState<null | "dry_run" | "apply">(null);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [replayed, setReplayed] = useState<Replayed | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);

  async function run(mode: "dry_run" | "apply") {
    setBusy(mode);
    setError(null);
    const result = await postConsole<{ result: DryRun & Replayed }>(`/api/console/notifications/${id}/replay`, { mode });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    if (mode === "dry_run") setDryRun(result.data.result);
    else {
      setReplayed(result.data.result);
      router.refresh();
    }
  }

  if (!allowed.dryRun) return null;
  return (
    <section aria-label={t("label")} className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" onClick={() => run("dry_run")} disabled={busy !== null}>
          {busy === "dry_run" ? <LoaderCircle aria-hidden className="animate-spin" /> : <FlaskConical aria-hidden />}
          {t("dryRun")}
        </Button>
        {allowed.apply ? (
          <Button variant="outline" onClick={() => run("apply")} disabled={busy !== null}>
            {busy === "apply" ? <LoaderCircle aria-hidden className="animate-spin" /> : <Play aria-hidden />}
            {t("apply")}
          </Button>
        ) : null}
      </div>
      {error ? (
        <Alert variant="destructive">
          <AlertTitle>{t("failed")}</AlertTitle>
          <AlertDescription>{error.message}</AlertDescription>
        </Alert>
      ) : null}
      {dryRun ? (
        <Alert data-testid="dry-run">
          <AlertTitle>{t("dryRunResult", { outcome: dryRun.outcome, reply: dryRun.reply })}</AlertTitle>
          <AlertDescription>
            {dryRun.changes.length > 0 ? t("wouldChange", { changes: dryRun.changes.join(", ") }) : t("wouldChangeNothing")}
            {dryRun.anomalies.length > 0 ? ` ${t("anomalies", { anomalies: dryRun.anomalies.join(", ") })}` : null}
          </AlertDescription>
        </Alert>
      ) : null}
      {replayed ? (
        <Alert>
          <AlertTitle>{t("replayed", { outcome: replayed.outcome, reply: replayed.reply })}</AlertTitle>
          <AlertDescription>
            <Link href={`/notifications/${replayed.id}`} className="text-primary hover:underline">
              {t("openReplay", { id: replayed.id })}
            </Link>
          </AlertDescription>
        </Alert>
      ) : null}
    </section>
  );
}
