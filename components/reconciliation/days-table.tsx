import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";

import { DayStatusBadge } from "@/components/reconciliation/day-status-badge";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DayListItem } from "@/lib/console/reconciliation";
import { yuanText } from "@/lib/money";

/** The recent days, newest first: where each stands, the bill's money, and the differences left open. */
export async function DaysTable({ days }: { days: DayListItem[] }) {
  const [t, format] = await Promise.all([getTranslations("Reconciliation"), getFormatter()]);
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>{t("columns.day")}</TableHead>
            <TableHead>{t("columns.status")}</TableHead>
            <TableHead className="text-right">{t("columns.billRows")}</TableHead>
            <TableHead className="text-right">{t("columns.matched")}</TableHead>
            <TableHead className="text-right">{t("columns.paid")}</TableHead>
            <TableHead className="text-right">{t("columns.refunded")}</TableHead>
            <TableHead className="text-right">{t("columns.fees")}</TableHead>
            <TableHead className="text-right">{t("columns.open")}</TableHead>
            <TableHead className="text-right">{t("columns.resolved")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {days.map((day) => {
            const s = day.summary;
            return (
              <TableRow key={day.billDate} data-day={day.billDate} data-status={day.status}>
                <TableCell>
                  <Link href={`/reconciliation/${day.billDate}`} className="font-medium tabular-nums hover:underline">
                    {day.billDate}
                  </Link>
                </TableCell>
                <TableCell>
                  <DayStatusBadge status={day.status} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{s ? s.bill.payments.count + s.bill.refunds.count : "—"}</TableCell>
                <TableCell className="text-right tabular-nums">{s ? format.number(s.matchedShare, { style: "percent", maximumFractionDigits: 1 }) : "—"}</TableCell>
                <TableCell className="text-right tabular-nums">{s ? yuanText(s.bill.payments.amountFen) : "—"}</TableCell>
                <TableCell className="text-right tabular-nums">{s ? yuanText(s.bill.refunds.amountFen) : "—"}</TableCell>
                <TableCell className="text-right tabular-nums">{s ? yuanText(-s.bill.feeFen) : "—"}</TableCell>
                <TableCell className="text-right">{day.open > 0 ? <Badge variant="warning">{day.open}</Badge> : <span className="text-muted-foreground tabular-nums">0</span>}</TableCell>
                <TableCell className="text-muted-foreground text-right tabular-nums">{day.resolved}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
