import { useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";
import type { GatewayOutcome } from "@/lib/alipay/gateway-client";
import type { ResponseVerdict } from "@/lib/alipay/response";

const OUTCOME_VARIANTS: Record<GatewayOutcome, "success" | "warning" | "danger"> = {
  SUCCESS: "success",
  BUSINESS_ERROR: "warning",
  UNKNOWN: "danger",
  FORGED: "danger",
};

export function GatewayOutcomeBadge({ outcome }: { outcome: GatewayOutcome }) {
  const t = useTranslations("GatewayCalls.outcome");
  return <Badge variant={OUTCOME_VARIANTS[outcome]}>{t(outcome)}</Badge>;
}

const VERDICTS = ["VALID", "INVALID", "MISSING", "UNSIGNED_ERROR"] as const satisfies readonly ResponseVerdict[];
const isVerdict = (value: string): value is ResponseVerdict => (VERDICTS as readonly string[]).includes(value);

/** The response's signature: green only for one that verified; none when no answer was read. */
export function ResponseVerdictBadge({ verdict }: { verdict: string | null }) {
  const t = useTranslations("GatewayCalls.verdict");
  if (verdict === null) return <Badge variant="outline">{t("NONE")}</Badge>;
  const variant = verdict === "VALID" ? "success" : verdict === "UNSIGNED_ERROR" ? "warning" : "danger";
  return <Badge variant={variant}>{isVerdict(verdict) ? t(verdict) : verdict}</Badge>;
}
