import { getTranslations } from "next-intl/server";

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RequestView } from "@/lib/console/gateway-call-detail";

/** The request's parameters as sent, decoded once, the signature shortened and credentials masked. */
export async function GatewayRequest({ request }: { request: RequestView }) {
  const t = await getTranslations("GatewayCalls.detail");
  if (request.kind === "none") return <p className="text-muted-foreground text-sm">{t("requestMissing")}</p>;
  if (request.kind === "unreadable") return <p className="text-destructive text-sm">{t("requestUnreadable", { reason: request.reason })}</p>;
  return (
    <div className="space-y-3">
      <p className="text-sm [overflow-wrap:anywhere]">
        <span className="text-muted-foreground">{t("endpoint")}</span> <code className="text-xs">{request.endpoint}</code>
        <span className="text-muted-foreground ml-4">{t("charset")}</span> <code className="text-xs">{request.charset}</code>
      </p>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="w-48">{t("parameter")}</TableHead>
            <TableHead>{t("value")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {request.params.map(([name, value]) => (
            <TableRow key={name} data-param={name}>
              <TableCell className="align-top font-mono text-xs">{name}</TableCell>
              <TableCell className="font-mono text-xs whitespace-normal">
                {name === "biz_content" ? <pre className="bg-muted overflow-x-auto rounded p-2">{value}</pre> : <span className="[overflow-wrap:anywhere]">{value}</span>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <p className="text-muted-foreground text-xs">{t("masked")}</p>
    </div>
  );
}
