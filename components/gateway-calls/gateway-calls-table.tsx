import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";

import { GatewayOutcomeBadge, ResponseVerdictBadge } from "@/components/gateway-calls/gateway-call-badges";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { GatewayCallRowView } from "@/lib/console/gateway-calls";

/** One page of gateway calls, newest first; each row opens the call. */
export async function GatewayCallsTable({ rows }: { rows: GatewayCallRowView[] }) {
  const [t, tCodes, format] = await Promise.all([getTranslations("GatewayCalls"), getTranslations("GatewayCodes"), getFormatter()]);
  return (
    <div className="overflow-x-auto rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>{t("columns.time")}</TableHead>
            <TableHead>{t("columns.method")}</TableHead>
            <TableHead>{t("columns.order")}</TableHead>
            <TableHead>{t("columns.outcome")}</TableHead>
            <TableHead>{t("columns.code")}</TableHead>
            <TableHead className="text-right">{t("columns.latency")}</TableHead>
            <TableHead>{t("columns.verdict")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={7} className="text-muted-foreground h-24 text-center">
                {t("empty")}
              </TableCell>
            </TableRow>
          ) : (
            rows.map((row) => (
              <TableRow key={row.id} data-call={row.id} data-outcome={row.outcome}>
                <TableCell>
                  <Link href={`/gateway-calls/${row.id}`} className="text-sm whitespace-nowrap tabular-nums hover:underline">
                    <time dateTime={row.createdAt}>{format.dateTime(new Date(row.createdAt), "short")}</time>
                  </Link>
                </TableCell>
                <TableCell className="font-mono text-xs">{row.method}</TableCell>
                <TableCell>
                  {row.order ? (
                    <Link href={`/orders/${row.order.id}`} className="font-mono text-sm hover:underline">
                      {row.order.outTradeNo}
                    </Link>
                  ) : (
                    "—"
                  )}
                </TableCell>
                <TableCell>
                  <GatewayOutcomeBadge outcome={row.outcome} />
                </TableCell>
                <TableCell>
                  <div className="font-mono text-xs">{[row.code, row.subCode].filter(Boolean).join(" / ") || "—"}</div>
                  <div className="text-muted-foreground max-w-64 text-xs">{tCodes(`${row.explanation}.title`)}</div>
                </TableCell>
                <TableCell className="text-right text-sm tabular-nums">{t("latency", { ms: row.latencyMs })}</TableCell>
                <TableCell>
                  <ResponseVerdictBadge verdict={row.verdict} />
                </TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}
