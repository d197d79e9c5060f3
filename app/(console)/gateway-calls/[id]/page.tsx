// /gateway-calls/{id} – one call to Alipay's gateway: what it means, the request and the response as
// they went over the wire (masked), and its order.
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { GatewayOutcomeBadge, ResponseVerdictBadge } from "@/components/gateway-calls/gateway-call-badges";
import { GatewayExplanation } from "@/components/gateway-calls/gateway-explanation";
import { GatewayRequest } from "@/components/gateway-calls/gateway-request";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requireOperator } from "@/lib/auth/session";
import { getGatewayCallDetail } from "@/lib/console/gateway-call-detail";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata() {
  const t = await getTranslations("GatewayCalls.detail");
  return { title: t("title") };
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="space-y-0.5">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="text-sm [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

export default async function GatewayCallPage({ params }: Params) {
  const { id } = await params;
  await requireOperator(`/gateway-calls/${encodeURIComponent(id)}`);
  const [call, t, format] = await Promise.all([getGatewayCallDetail(getDb(), id), getTranslations("GatewayCalls.detail"), getFormatter()]);
  if (!call) notFound();

  return (
    <main className="mx-auto w-full max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <Link href="/gateway-calls" className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1 text-sm">
        <ArrowLeft aria-hidden className="size-4" />
        {t("back")}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-2xl font-semibold tracking-tight">{call.method}</h1>
        <GatewayOutcomeBadge outcome={call.outcome} />
        <ResponseVerdictBadge verdict={call.verdict} />
      </div>
      <div className="grid gap-6 lg:grid-cols-[26rem_1fr]">
        <div className="space-y-6">
          <GatewayExplanation explanation={call.explanation} />
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
        </div>
        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader>
              <CardTitle>{t("request")}</CardTitle>
            </CardHeader>
            <CardContent>
              <GatewayRequest request={call.request} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>{t("response")}</CardTitle>
            </CardHeader>
            <CardContent>
              {call.response === null ? (
                <p className="text-muted-foreground text-sm">{t("responseMissing")}</p>
              ) : (
                <pre className="bg-muted overflow-x-auto rounded p-3 font-mono text-xs" data-testid="response-body">
                  {call.response}
                </pre>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </main>
  );
}
