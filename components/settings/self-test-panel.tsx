"use client";

import { CircleAlert, CircleCheck, CircleMinus, LoaderCircle, PlayCircle, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { ConsoleErrorAlert } from "@/components/settings/console-error-alert";
import { SettingsCard } from "@/components/settings/settings-card";
import { postConsole, type ConsoleError } from "@/components/orders/console-request";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

type Step = { step: "key_pair" | "gateway" | "notify"; status: "pass" | "fail" | "warn" | "skip"; reason: string; values: Record<string, string | number> };
type Report = { ok: boolean; steps: Step[]; startedAt: string; gatewayCallId: string; explanation: string };

const REASONS = [
  "keyPairNotGiven",
  "keyPairUnreadable",
  "keyPairMatches",
  "keyPairIsAlipays",
  "keyPairMismatch",
  "gatewayVerified",
  "gatewayAnswerNotVerified",
  "gatewayUnreachable",
  "gatewayRefusedSignature",
  "gatewayAppId",
  "gatewayRefused",
  "notifyUnreachable",
  "notifyRedirected",
  "notifyAltered",
  "notifyOtherServer",
  "notifyNotReceived",
  "notifyBadReply",
  "notifyPrivate",
  "notifyVerified",
] as const;
type Reason = (typeof REASONS)[number];
const isReason = (value: string): value is Reason => (REASONS as readonly string[]).includes(value);

const STATUS_ICONS = { pass: CircleCheck, fail: CircleAlert, warn: TriangleAlert, skip: CircleMinus } as const;
const STATUS_COLOURS = { pass: "text-success", fail: "text-destructive", warn: "text-warning", skip: "text-muted-foreground" } as const;

function StepRow({ step }: { step: Step }) {
  const t = useTranslations("SelfTest");
  const Icon = STATUS_ICONS[step.status];
  const values = Object.fromEntries(Object.entries(step.values).map(([key, value]) => [key, String(value)]));
  return (
    <li className="flex gap-3 py-3" data-step={step.step} data-status={step.status} data-reason={step.reason}>
      <Icon aria-hidden className={`mt-0.5 size-5 shrink-0 ${STATUS_COLOURS[step.status]}`} />
      <div className="min-w-0 space-y-1">
        <p className="text-sm font-medium">
          {t(`steps.${step.step}`)} <span className="sr-only">({t(`status.${step.status}`)})</span>
        </p>
        <p className="text-muted-foreground text-sm [overflow-wrap:anywhere]">{isReason(step.reason) ? t(`reasons.${step.reason}`, values) : step.reason}</p>
        <p className="flex flex-wrap gap-3 text-xs">
          {step.values.gatewayCallId ? (
            <Link href={`/gateway-calls/${step.values.gatewayCallId}`} className="text-primary hover:underline">
              {t("openGatewayCall")}
            </Link>
          ) : null}
          {step.values.notificationId ? (
            <Link href={`/notifications/${step.values.notificationId}`} className="text-primary hover:underline">
              {t("openNotification", { id: values.notificationId! })}
            </Link>
          ) : null}
        </p>
      </div>
    </li>
  );
}

/** The go-live self-test: key pair, a test query, a signed test notification through the public notify URL. */
export function SelfTestPanel({ configured, appPublicKeyConfigured }: { configured: boolean; appPublicKeyConfigured: boolean }) {
  const t = useTranslations("SelfTest");
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);

  async function run(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const appPublicKey = String(new FormData(event.currentTarget).get("appPublicKey") ?? "").trim();
    setBusy(true);
    setError(null);
    const result = await postConsole<Report>("/api/console/self-test", appPublicKey ? { appPublicKey } : {});
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setReport(result.data);
  }

  return (
    <SettingsCard title={t("title")} description={t("description")}>
      <form onSubmit={run} className="space-y-3">
        {appPublicKeyConfigured ? (
          <p className="text-muted-foreground text-sm">{t("appPublicKeyConfigured")}</p>
        ) : (
          <div className="space-y-1.5">
            <Label htmlFor="self-test-app-public-key">{t("appPublicKey")}</Label>
            <Textarea id="self-test-app-public-key" name="appPublicKey" rows={3} className="font-mono text-xs" placeholder="MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA…" aria-describedby="self-test-app-public-key-hint" />
            <p id="self-test-app-public-key-hint" className="text-muted-foreground text-xs">
              {t("appPublicKeyHint")}
            </p>
          </div>
        )}
        <Button type="submit" disabled={busy || !configured}>
          {busy ? <LoaderCircle aria-hidden className="animate-spin" /> : <PlayCircle aria-hidden />}
          {busy ? t("running") : t("run")}
        </Button>
      </form>
      {error ? <ConsoleErrorAlert error={error} /> : null}
      {report ? (
        <div className="space-y-2" data-testid="self-test-report" data-ok={report.ok}>
          <Alert variant={report.ok ? "default" : "destructive"}>
            {report.ok ? <CircleCheck aria-hidden /> : <CircleAlert aria-hidden />}
            <AlertTitle>{report.ok ? t("passed") : t("failed")}</AlertTitle>
            <AlertDescription>{report.ok ? t("passedDetail") : t("failedDetail")}</AlertDescription>
          </Alert>
          <ol className="divide-y" aria-label={t("stepsLabel")}>
            {report.steps.map((step) => (
              <StepRow key={step.step} step={step} />
            ))}
          </ol>
        </div>
      ) : null}
    </SettingsCard>
  );
}
