import { getFormatter, getTranslations } from "next-intl/server";

import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { yuanText } from "@/lib/money";
import type { DaySummary } from "@/lib/reconciliation/match-day";

/** The day in figures: Alipay's bill beside this console's records, and the share of the bill matched. */
export async function DayFigures({ summary }: { summary: DaySummary }) {
  const [t, format] = await Promise.all([getTranslations("Reconciliation.day"), getFormatter()]);
  const { bill, ours } = summary;
  const rows = [
    { label: t("payments"), bill: `${yuanText(bill.payments.amountFen)} · ${t("count", { count: bill.payments.count })}`, ours: `${yuanText(ours.payments.amountFen)} · ${t("count", { count: ours.payments.count })}` },
    { label: t("refunds"), bill: `${yuanText(bill.refunds.amountFen)} · ${t("count", { count: bill.refunds.count })}`, ours: `${yuanText(ours.refunds.amountFen)} · ${t("count", { count: ours.refunds.count })}` },
    { label: t("fees"), bill: yuanText(-bill.feeFen), ours: "—" },
    { label: t("net"), bill: yuanText(bill.payments.receiptFen + bill.refunds.receiptFen + bill.feeFen), ours: yuanText(ours.payments.amountFen - ours.refunds.amountFen) },
  ];
  return (
    <div className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <Card>
        <CardContent className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-muted-foreground text-left text-xs">
                <th scope="col" className="pb-2 font-normal" />
                <th scope="col" className="pb-2 text-right font-normal">{t("bill")}</th>
                <th scope="col" className="pb-2 text-right font-normal">{t("ours")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.label} className="border-t">
                  <th scope="row" className="py-2 text-left font-medium">{row.label}</th>
                  <td className="py-2 text-right tabular-nums">{row.bill}</td>
                  <td className="py-2 text-right tabular-nums">{row.ours}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle className="text-muted-foreground text-sm font-normal">{t("matched")}</CardTitle>
        </CardHeader>
        <CardContent className="space-y-1">
          <p className="text-3xl font-semibold tabular-nums" data-testid="matched-share">
            {format.number(summary.matchedShare, { style: "percent", maximumFractionDigits: 1 })}
          </p>
          <p className="text-muted-foreground text-xs">
            {t("matchedShare", { share: `${summary.matched.payments + summary.matched.refunds} / ${bill.payments.count + bill.refunds.count}` })}
          </p>
        </CardContent>
      </Card>
    </div>
  );
}
