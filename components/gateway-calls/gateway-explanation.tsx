import { Ban, RotateCcw } from "lucide-react";
import { getTranslations } from "next-intl/server";

import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { GatewayCodeExplanation } from "@/lib/alipay/explain-code";

/** What the call means in plain words, what to do, and whether the same request may be sent again. */
export async function GatewayExplanation({ explanation }: { explanation: GatewayCodeExplanation }) {
  const [t, tCodes] = await Promise.all([getTranslations("GatewayCalls.detail"), getTranslations("GatewayCodes")]);
  const RetryIcon = explanation.retry ? RotateCcw : Ban;
  return (
    <Card data-explanation={explanation.key}>
      <CardHeader>
        <CardTitle>{tCodes(`${explanation.key}.title`)}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        <p>{tCodes(`${explanation.key}.explanation`)}</p>
        <div>
          <div className="text-muted-foreground text-xs">{t("action")}</div>
          <p>{tCodes(`${explanation.key}.action`)}</p>
        </div>
        <p className="flex items-start gap-2" data-retry={explanation.retry}>
          <RetryIcon aria-hidden className="text-muted-foreground mt-0.5 size-4 shrink-0" />
          {explanation.retry ? t("retrySafe") : t("retryUseless")}
        </p>
      </CardContent>
    </Card>
  );
}
