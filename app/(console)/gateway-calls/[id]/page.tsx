// /gateway-calls/{id} – one call to Alipay's gateway: what it means, the request and the response as
// they went over the wire (masked), and its order.
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { GatewayOutcomeBadge, ResponseVerdictBadge } from "@/components/gateway-calls/gateway-call-badges";
import { GatewayCallFacts } from "@/components/gateway-calls/gateway-call-facts";
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

export default async function GatewayCallPage({ params }: Params) {
  const { id } = await params;
  await requireOperator(`/gateway-calls/${encodeURIComponent(id)}`);
  const [call, t] = await Promise.all([getGatewayCallDetail(getDb(), id), getTranslations("GatewayCalls.detail")]);
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
          <GatewayCallFacts call={call} />
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
