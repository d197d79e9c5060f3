import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";

import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { GatewayCallDetail } from "@/lib/console/gateway-call-detail";
import { Fact } from "@/components/console/fact";

/** The call's order, codes and wire facts; its error, masked, when it had one. */
export async function GatewayCallFacts({ call }: { call: GatewayCallDetail }) {
  const [t, format] = await Promise.all([getTranslations("GatewayCalls.detail"), getFormatter()]);
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("facts")}</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-3">
          <Fact label={t("order")}>
            {call.order ? (
              <Link href={`/orders/${call.order.id}`} className="text-primary font-mono hover:underline">
                {call.order.outTradeNo}
              </Link>
            ) : (
              "—"
            )}
          </Fact>
          <Fact label={t("time")}>{format.dateTime(new Date(call.createdAt), "short")}</Fact>
          <Fact label={t("code")}>
            <code className="text-xs">{call.code ?? "—"}</code>
          </Fact>
          <Fact label={t("subCode")}>
            <code className="text-xs">{call.subCode ?? "—"}</code>
          </Fact>
          <Fact label={t("httpStatus")}>{call.responseStatus ?? "—"}</Fact>
          <Fact label={t("wireAttempts")}>{call.wireAttempts}</Fact>
          <Fact label={t("latency")}>{t("latencyMs", { ms: call.latencyMs })}</Fact>
          <Fact label={t("traceId")}>
            <code className="text-xs">{call.traceId}</code>
          </Fact>
        </dl>
        {call.error ? <p className="text-destructive mt-4 text-sm [overflow-wrap:anywhere]">{t("error", { error: call.error })}</p> : null}
      </CardContent>
    </Card>
  );
}
