// /notifications/{id} – one notification as it arrived and as it was judged: the raw body, the decoded
// fields, the exact string verified, the verdict and each check, what it changed, the reply sent; for a
// failed signature, the likely cause; replay through today's handler.
import { ArrowLeft, Check, X } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { DiagnosisPanel } from "@/components/notifications/diagnosis-panel";
import { ReplayActions } from "@/components/notifications/replay-actions";
import { OutcomeBadge, VerdictBadge } from "@/components/notifications/verdict-badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/roles";
import { requireOperator } from "@/lib/auth/session";
import { getNotificationDetail } from "@/lib/console/notifications";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params) {
  const { id } = await params;
  const t = await getTranslations("NotificationDetail");
  return { title: t("title", { id }) };
}

function envOrNull(): Env | null {
  try {
    return getEnv();
  } catch {
    return null;
  }
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

export default async function NotificationPage({ params }: Params) {
  const { id: raw } = await params;
  const operator = await requireOperator(`/notifications/${raw}`);
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) notFound();
  const [detail, t, format] = await Promise.all([getNotificationDetail(getDb(), id, envOrNull()), getTranslations("NotificationDetail"), getFormatter()]);
  if (!detail) notFound();

  return (
    <main className="mx-auto w-full max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <Link href="/notifications" className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1 text-sm">
        <ArrowLeft aria-hidden className="size-4" />
        {t("back")}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title", { id: detail.id })}</h1>
        <VerdictBadge verdict={detail.signature} />
        <OutcomeBadge outcome={detail.outcome} />
      </div>
      <dl className="text-muted-foreground flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <div>
          <dt className="inline">{t("receivedAt")}: </dt>
          <dd className="text-foreground inline tabular-nums">{format.dateTime(new Date(detail.receivedAt), "short")}</dd>
        </div>
        <div>
          <dt className="inline">{t("from")}: </dt>
          <dd className="text-foreground inline">{detail.sourceAddress ?? "—"}</dd>
        </div>
        <div>
          <dt className="inline">{t("reply")}: </dt>
          <dd className="text-foreground inline font-mono">{detail.reply ?? "—"}</dd>
        </div>
        <div>
          <dt className="inline">{t("order")}: </dt>
          <dd className="text-foreground inline">
            {detail.order ? (
              <Link href={`/orders/${detail.order.id}`} className="text-primary font-mono hover:underline">
                {detail.order.outTradeNo}
              </Link>
            ) : (
              t("noOrder")
            )}
          </dd>
        </div>
      </dl>
      <ReplayActions id={detail.id} allowed={{ dryRun: can(operator.role, "notification.replay_dry_run"), apply: can(operator.role, "notification.replay") }} />
      {detail.diagnosis ? <DiagnosisPanel diagnosis={detail.diagnosis} /> : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Section title={t("checks")}>
          <ul className="space-y-2">
            {detail.checks.map((check) => (
              <li key={check.check} className="flex items-start gap-2 text-sm" data-check={check.check} data-ok={check.ok}>
                {check.ok ? <Check aria-hidden className="text-success mt-0.5 size-4 shrink-0" /> : <X aria-hidden className="text-destructive mt-0.5 size-4 shrink-0" />}
                <span className="font-mono">{check.check}</span>
                {check.detail ? <span className="text-muted-foreground break-all">{check.detail}</span> : null}
              </li>
            ))}
          </ul>
          {detail.error ? <p className="text-destructive mt-3 text-sm">{detail.error}</p> : null}
        </Section>
        <Section title={t("applied")}>
          {detail.applied.length === 0 ? (
            <p className="text-muted-foreground text-sm">{t("nothingApplied")}</p>
          ) : (
            <ul className="space-y-2">
              {detail.applied.map((event) => (
                <li key={event.id} className="text-sm">
                  <span className="font-medium">{event.type}</span>{" "}
                  {Array.isArray(event.detail.changes) ? <code className="bg-muted rounded px-1.5 py-0.5 text-xs">{event.detail.changes.join(", ")}</code> : null}
                  {Array.isArray(event.detail.anomalies) ? <code className="bg-muted ml-1 rounded px-1.5 py-0.5 text-xs">{event.detail.anomalies.join(", ")}</code> : null}
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <Section title={t("fields")}>
        {detail.decodeError ? <p className="text-destructive text-sm">{detail.decodeError}</p> : null}
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <tbody>
              {detail.params.map(([name, value]) => (
                <tr key={name} className="border-b last:border-0">
                  <th scope="row" className="py-1.5 pr-4 text-left align-top font-mono text-xs font-medium whitespace-nowrap">
                    {name}
                  </th>
                  <td className="py-1.5 font-mono text-xs break-all">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title={t("signContent")}>
        <p className="text-muted-foreground mb-2 text-sm">{t("signContentHelp")}</p>
        <pre className="bg-muted overflow-x-auto rounded-md p-3 text-xs break-all whitespace-pre-wrap" data-testid="sign-content">
          {detail.signContent ?? "—"}
        </pre>
      </Section>
      <Section title={t("raw")}>
        <p className="text-muted-foreground mb-2 text-sm">{t("rawHelp", { size: detail.bodySize, contentType: detail.contentType ?? "—", truncated: detail.truncated ? "yes" : "no" })}</p>
        <pre className="bg-muted max-h-80 overflow-auto rounded-md p-3 text-xs break-all whitespace-pre-wrap">{detail.rawBody}</pre>
      </Section>
    </main>
  );
}
