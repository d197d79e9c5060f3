// /reconciliation/{date} – one day: the bill's figures beside ours, the share matched, the bill files
// received, and every difference with how to resolve it (by role).
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";

import { Fact } from "@/components/console/fact";
import { BillFilesTable } from "@/components/reconciliation/bill-files-table";
import { DayFigures } from "@/components/reconciliation/day-figures";
import { DayStatusBadge } from "@/components/reconciliation/day-status-badge";
import { ExceptionsTable } from "@/components/reconciliation/exceptions-table";
import { RerunButton } from "@/components/reconciliation/rerun-button";
import { can } from "@/lib/auth/roles";
import { requireOperator } from "@/lib/auth/session";
import { getReconciliationDay } from "@/lib/console/reconciliation";
import { getDb } from "@/lib/db";
import type { ResolutionAction } from "@/lib/reconciliation/exception-kinds";
import { isRealDay } from "@/lib/url-params";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ date: string }> }) {
  const t = await getTranslations("Reconciliation");
  return { title: t("day.title", { date: (await params).date }) };
}

export default async function ReconciliationDayPage({ params }: { params: Promise<{ date: string }> }) {
  const { date } = await params;
  const operator = await requireOperator(`/reconciliation/${date}`);
  if (!isRealDay(date)) notFound();
  const [t, format, day] = await Promise.all([getTranslations("Reconciliation"), getFormatter(), getReconciliationDay(getDb(), date)]);
  const allowed = (action: ResolutionAction) => can(operator.role, action === "REFUND" ? "order.refund" : "reconciliation.resolve");
  const at = (iso: string | null) => (iso ? format.dateTime(new Date(iso), "short") : "—");

  return (
    <main className="mx-auto w-full max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <Link href="/reconciliation" className="text-muted-foreground inline-flex items-center gap-1 text-sm hover:underline">
        <ArrowLeft aria-hidden className="size-4" />
        {t("day.back")}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight">{t("day.title", { date })}</h1>
            <DayStatusBadge status={day.status} />
          </div>
          <dl className="flex flex-wrap gap-x-8 gap-y-2">
            {day.reconciledAt ? <Fact label={t("status.RECONCILED")}>{t("day.reconciledAt", { at: at(day.reconciledAt) })}</Fact> : null}
            {day.status === "WAITING" && day.nextAttemptAt ? <Fact label={t("status.WAITING")}>{t("day.nextAttempt", { at: at(day.nextAttemptAt) })}</Fact> : null}
            {day.lastError ? <Fact label={t("day.lastError")}>{day.lastError}</Fact> : null}
          </dl>
        </div>
        {can(operator.role, "reconciliation.run") && day.billFileId ? <RerunButton billDate={date} /> : null}
      </div>
      {day.summary ? <DayFigures summary={day.summary} /> : <p className="text-muted-foreground text-sm">{t("day.noBill")}</p>}
      <section className="space-y-3" aria-labelledby="exceptions-title">
        <h2 id="exceptions-title" className="text-lg font-semibold">
          {t("exceptions.title")}
        </h2>
        <ExceptionsTable rows={day.exceptions} allowed={allowed} />
      </section>
      <section className="space-y-3" aria-labelledby="files-title">
        <h2 id="files-title" className="text-lg font-semibold">
          {t("files.title")}
        </h2>
        <BillFilesTable files={day.files} inUse={day.billFileId} />
      </section>
    </main>
  );
}
