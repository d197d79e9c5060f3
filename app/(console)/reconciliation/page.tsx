// /reconciliation – the last 31 days: where each day's reconciliation stands, the bill's money and the
// differences left open; an operator can upload a bill saved from Alipay's merchant site.
import { getTranslations } from "next-intl/server";

import { DaysTable } from "@/components/reconciliation/days-table";
import { UploadBillForm } from "@/components/reconciliation/upload-bill-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/roles";
import { requireOperator } from "@/lib/auth/session";
import { listReconciliationDays } from "@/lib/console/reconciliation";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("Reconciliation");
  return { title: t("title") };
}

export default async function ReconciliationPage() {
  const operator = await requireOperator("/reconciliation");
  const [t, days] = await Promise.all([getTranslations("Reconciliation"), listReconciliationDays(getDb())]);

  return (
    <main className="mx-auto w-full max-w-7xl space-y-5 px-4 py-8 sm:px-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-muted-foreground text-sm">{t("description")}</p>
      </div>
      {can(operator.role, "reconciliation.run") ? (
        <Card>
          <CardHeader>
            <CardTitle>{t("upload.title")}</CardTitle>
            <CardDescription>{t("upload.description")}</CardDescription>
          </CardHeader>
          <CardContent>
            <UploadBillForm defaultDay={days[1]!.billDate} />
          </CardContent>
        </Card>
      ) : null}
      <section className="space-y-3" aria-labelledby="days-title">
        <div className="space-y-0.5">
          <h2 id="days-title" className="text-lg font-semibold">
            {t("days.title")}
          </h2>
          <p className="text-muted-foreground text-sm">{t("days.description")}</p>
        </div>
        <DaysTable days={days} />
      </section>
    </main>
  );
}
