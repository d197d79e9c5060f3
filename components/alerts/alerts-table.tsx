import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";

import { AlertActions } from "@/components/alerts/alert-actions";
import { getDetailWords } from "@/components/alerts/detail-words";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { detailLines } from "@/lib/alerts/detail";
import { ALERT_RULES } from "@/lib/alerts/rules";
import type { AlertView } from "@/lib/console/alerts";

/** Alerts of one status, newest first: what, why (the figures), when, who took it, and what to do. */
export async function AlertsTable({ alerts, canHandle, settings }: { alerts: AlertView[]; canHandle: boolean; settings: Record<string, { threshold: number; windowMinutes: number }> }) {
  const [t, format, words] = await Promise.all([getTranslations("Alerts"), getFormatter(), getDetailWords()]);
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>{t("columns.alert")}</TableHead>
            <TableHead>{t("columns.details")}</TableHead>
            <TableHead>{t("columns.when")}</TableHead>
            <TableHead>{t("columns.status")}</TableHead>
            {canHandle ? <TableHead>{t("columns.actions")}</TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {alerts.length === 0 ? (
            <TableRow>
              <TableCell colSpan={canHandle ? 5 : 4} className="text-muted-foreground h-20 text-center">
                {t("empty")}
              </TableCell>
            </TableRow>
          ) : (
            alerts.map((alert) => {
              const setting = settings[alert.rule] ?? ALERT_RULES[alert.rule];
              return (
                <TableRow key={alert.id} id={`alert-${alert.id}`} data-alert={alert.id} data-rule={alert.rule} data-status={alert.status} className="[&>td]:align-top">
                  <TableCell className="max-w-96 whitespace-normal">
                    <div className="flex flex-wrap items-center gap-1.5">
                      <Badge variant={alert.severity === "critical" ? "danger" : "warning"}>{t(`severity.${alert.severity === "critical" ? "critical" : "warning"}`)}</Badge>
                      <span className="font-medium">{t(`ruleNames.${alert.rule}.title`)}</span>
                    </div>
                    <p className="text-muted-foreground mt-1 text-xs">{t(`ruleNames.${alert.rule}.explain`, { threshold: setting.threshold, window: setting.windowMinutes })}</p>
                  </TableCell>
                  <TableCell className="max-w-80 text-xs whitespace-normal [overflow-wrap:anywhere]">
                    <div>{detailLines(alert.detail, words).join(" · ")}</div>
                    {alert.orderId ? (
                      <Link href={`/orders/${alert.orderId}`} className="text-primary hover:underline">
                        {t("order")}
                      </Link>
                    ) : null}
                    {alert.deliveries > 0 ? <div className="text-muted-foreground">{t("sent", { count: alert.deliveries })}</div> : null}
                  </TableCell>
                  <TableCell className="text-xs whitespace-nowrap tabular-nums">
                    <div>{format.dateTime(new Date(alert.firstAt), "short")}</div>
                    <div className="text-muted-foreground">{format.dateTime(new Date(alert.lastAt), "short")}</div>
                    <div className="text-muted-foreground">{t("occurrences", { count: alert.occurrences })}</div>
                  </TableCell>
                  <TableCell className="text-xs">
                    <Badge variant={alert.status === "RESOLVED" ? "success" : alert.status === "ACKNOWLEDGED" ? "secondary" : "warning"}>{t(`status.${alert.status}`)}</Badge>
                    {alert.acknowledgedBy ? <div className="text-muted-foreground mt-1">{t("acknowledgedBy", { who: alert.acknowledgedBy })}</div> : null}
                    {alert.resolvedBy ? <div className="text-muted-foreground mt-1">{t("resolvedBy", { who: alert.resolvedBy })}</div> : null}
                    {alert.note ? <p className="mt-1 max-w-56 whitespace-normal">{alert.note}</p> : null}
                  </TableCell>
                  {canHandle ? <TableCell>{alert.status !== "RESOLVED" ? <AlertActions id={alert.id} status={alert.status} /> : null}</TableCell> : null}
                </TableRow>
              );
            })
          )}
        </TableBody>
      </Table>
    </div>
  );
}
