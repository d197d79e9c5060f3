import { CircleCheck, TriangleAlert } from "lucide-react";
import { getTranslations } from "next-intl/server";

import { AlipayStatusSection } from "@/components/status/alipay-status";
import { DatabaseStatusSection } from "@/components/status/database-status";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import type { SystemStatus } from "@/lib/status";

export async function SystemStatusCard({ status }: { status: SystemStatus }) {
  const t = await getTranslations("Status");

  return (
    <Card>
      <CardHeader className="border-b">
        <CardTitle>
          <h2 className="text-lg">{t("title")}</h2>
        </CardTitle>
        <CardDescription>{t("checkedAt", { checkedAt: new Date(status.checkedAt) })}</CardDescription>
        <CardAction>
          <Badge variant={status.ok ? "success" : "warning"} className="px-2.5 py-1 text-sm">
            {status.ok ? <CircleCheck aria-hidden /> : <TriangleAlert aria-hidden />}
            {status.ok ? t("overall.ok") : t("overall.degraded")}
          </Badge>
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-6">
        <DatabaseStatusSection database={status.database} />
        <Separator />
        <AlipayStatusSection alipay={status.alipay} />
      </CardContent>
    </Card>
  );
}
