import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";

import { ExceptionActions } from "@/components/reconciliation/exception-actions";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ExceptionView } from "@/lib/console/reconciliation";
import { yuanText } from "@/lib/money";
import type { ResolutionAction } from "@/lib/reconciliation/exception-kinds";

/** A day's differences, open first: what each is, the money on each side, and how to resolve it. */
export async function ExceptionsTable({ rows, allowed }: { rows: ExceptionView[]; allowed: (action: ResolutionAction) => boolean }) {
  const [t, format] = await Promise.all([getTranslations("Reconciliation"), getFormatter()]);
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>{t("exceptions.kind")}</TableHead>
            <TableHead>{t("exceptions.order")}</TableHead>
            <TableHead className="text-right">{t("exceptions.amounts")}</TableHead>
            <TableHead>{t("exceptions.status")}</TableHead>
            <TableHead>{t("exceptions.actions")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={5} className="text-muted-foreground h-20 text-center">
                {t("exceptions.empty")}
              </TableCell>
            </TableRow>
          ) : (
            rows.map((row) => {
              const actions = row.actions.filter(allowed);
              return (
                <TableRow key={row.id} data-exception={row.id} data-kind={row.kind} data-status={row.status} className="[&>td]:align-top">
                  <TableCell className="max-w-96 whitespace-normal">
                    <div className="font-medium">{t(`kinds.${row.kind}.title`)}</div>
                    <p className="text-muted-foreground mt-0.5 text-xs">{t(`kinds.${row.kind}.explain`)}</p>
                  </TableCell>
                  <TableCell className="text-sm">
                    {row.orderId ? (
                      <Link href={`/orders/${row.orderId}`} className="font-mono hover:underline">
                        {row.outTradeNo}
                      </Link>
                    ) : (
                      <div>
                        <span className="font-mono">{row.outTradeNo ?? "—"}</span>
                        <div className="text-muted-foreground text-xs">{t("exceptions.notOurs")}</div>
                      </div>
                    )}
                    {row.tradeNo ? <div className="text-muted-foreground font-mono text-xs">{row.tradeNo}</div> : null}
                    {row.outRequestNo ? <div className="text-muted-foreground text-xs">{t("exceptions.refund", { no: row.outRequestNo })}</div> : null}
                  </TableCell>
                  <TableCell className="text-right text-sm whitespace-nowrap tabular-nums">
                    {row.oursFen !== null ? <div>{t("exceptions.ours", { amount: yuanText(row.oursFen) })}</div> : null}
                    {row.billFen !== null ? <div>{t("exceptions.bill", { amount: yuanText(row.billFen) })}</div> : null}
                  </TableCell>
                  <TableCell className="text-sm">
                    {row.status === "OPEN" ? (
                      <Badge variant="warning">{t("exceptions.open")}</Badge>
                    ) : (
                      <div className="space-y-0.5">
                        <Badge variant={row.resolution === "GONE" ? "secondary" : "success"}>
                          {t(`resolution.${row.resolution as "RESYNCED" | "REFUNDED" | "REVIEWED" | "GONE"}`)}
                        </Badge>
                        <div className="text-muted-foreground text-xs">
                          {row.resolvedBy}
                          {row.resolvedAt ? ` · ${format.dateTime(new Date(row.resolvedAt), "short")}` : null}
                        </div>
                        {row.note ? <p className="max-w-64 text-xs whitespace-normal">{row.note}</p> : null}
                      </div>
                    )}
                  </TableCell>
                  <TableCell>{row.status === "OPEN" && actions.length > 0 ? <ExceptionActions id={row.id} actions={actions} /> : null}</TableCell>
                </TableRow>
              );
            })
          )}
        </TableBody>
      </Table>
    </div>
  );
}
