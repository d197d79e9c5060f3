import { CircleAlert, CircleCheck, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";

import { OutcomeBadge, VerdictBadge } from "@/components/notifications/verdict-badge";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { SettingsCard } from "@/components/settings/settings-card";
import type { ConfigHealth, lastNotifications } from "@/lib/console/settings";
import { Fact } from "@/components/console/fact";

type Notifications = Awaited<ReturnType<typeof lastNotifications>>;

/** A fingerprint is safe to show: it names a key without revealing it. */
function Fingerprint({ value }: { value: string }) {
  return (
    <code className="text-xs" title={value}>
      {value.slice(0, 16).replace(/(.{4})(?!$)/g, "$1 ")}…
    </code>
  );
}

/** The configuration as it loaded: what Alipay will be told and which keys are in use, never a secret. */
export async function ConfigHealthCard({ config, notifications }: { config: ConfigHealth; notifications: Notifications }) {
  const [t, format] = await Promise.all([getTranslations("Settings.config"), getFormatter()]);
  if (!config.ok) {
    return (
      <SettingsCard title={t("title")}>
        <Alert variant="destructive">
          <CircleAlert aria-hidden />
          <AlertTitle>{t("invalid")}</AlertTitle>
          <AlertDescription>
            <ul className="list-disc space-y-1 pl-4">
              {config.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      </SettingsCard>
    );
  }
  const { last, lastVerified } = notifications;
  return (
    <SettingsCard title={t("title")} description={t("description")} data-testid="config-health">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-3 sm:grid-cols-2">
        <Fact label={t("appId")}>
          <code className="text-xs">{config.appId}</code>
        </Fact>
        <Fact label={t("sellerId")}>{config.sellerId ? <code className="text-xs">{config.sellerId}</code> : t("sellerIdAny")}</Fact>
        <Fact label={t("gateway")}>
          <span className="flex flex-wrap items-center gap-1.5">
            <Badge variant={config.gatewayKind === "alipay" ? "success" : "secondary"}>{t(`gatewayKind.${config.gatewayKind}`)}</Badge>
            <code className="text-xs">{config.gatewayUrl}</code>
          </span>
        </Fact>
        <Fact label={t("database")}>{config.databaseProvider === "sqlite" ? "SQLite" : "PostgreSQL"}</Fact>
        <Fact label={t("notifyUrl")}>
          <code className="text-xs">{config.notifyUrl}</code>
          {config.notifyUrlPrivate ? (
            <span className="text-warning mt-1 flex items-start gap-1 text-xs">
              <TriangleAlert aria-hidden className="mt-0.5 size-3.5 shrink-0" />
              {t("notifyUrlPrivate")}
            </span>
          ) : null}
        </Fact>
        <Fact label={t("appUrl")}>
          <code className="text-xs">{config.appUrl}</code>
        </Fact>
        <Fact label={t("appPublicKey")}>
          <Fingerprint value={config.appPublicKeyFingerprint} />
        </Fact>
        <Fact label={t("alipayPublicKey")}>
          <Fingerprint value={config.alipayPublicKeyFingerprint} />
        </Fact>
        <Fact label={t("appPublicKeyGiven")}>
          {config.appPublicKeyGiven === null ? (
            <span className="text-muted-foreground">{t("appPublicKeyNotGiven")}</span>
          ) : config.appPublicKeyGiven.matches ? (
            <span className="text-success flex items-center gap-1">
              <CircleCheck aria-hidden className="size-3.5" />
              {t("appPublicKeyMatches")}
            </span>
          ) : (
            <span className="text-destructive flex items-center gap-1">
              <CircleAlert aria-hidden className="size-3.5" />
              {t("appPublicKeyMismatch")}
            </span>
          )}
        </Fact>
      </dl>
      <div className="space-y-2 border-t pt-4">
        <h3 className="text-sm font-medium">{t("lastNotification")}</h3>
        {last ? (
          <dl className="grid grid-cols-1 gap-x-4 gap-y-3 sm:grid-cols-2">
            <Fact label={t("lastReceived")}>
              <Link href={`/notifications/${last.id}`} className="text-primary hover:underline">
                {format.dateTime(last.receivedAt, "short")} · #{last.id}
              </Link>
              <span className="mt-1 flex flex-wrap gap-1">
                <VerdictBadge verdict={last.signature} />
                <OutcomeBadge outcome={last.outcome} />
              </span>
            </Fact>
            <Fact label={t("lastVerified")}>
              {lastVerified ? (
                <Link href={`/notifications/${lastVerified.id}`} className="text-primary hover:underline">
                  {format.dateTime(lastVerified.receivedAt, "short")} · #{lastVerified.id} ({format.relativeTime(lastVerified.receivedAt)})
                </Link>
              ) : (
                t("never")
              )}
            </Fact>
          </dl>
        ) : (
          <p className="text-muted-foreground text-sm">{t("noNotification")}</p>
        )}
      </div>
    </SettingsCard>
  );
}
