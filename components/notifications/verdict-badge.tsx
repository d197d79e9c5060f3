import { useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";

const VERDICTS = ["VALID", "INVALID", "MISSING", "UNSUPPORTED_SIGN_TYPE", "MALFORMED"] as const;
const OUTCOMES = ["RECEIVED", "APPLIED", "DUPLICATE", "STALE", "REJECTED", "UNKNOWN_ORDER", "SELF_TEST", "ERROR"] as const;
type Verdict = (typeof VERDICTS)[number];
type Outcome = (typeof OUTCOMES)[number];

const isVerdict = (value: string): value is Verdict => (VERDICTS as readonly string[]).includes(value);
const isOutcome = (value: string): value is Outcome => (OUTCOMES as readonly string[]).includes(value);

/** The signature verdict: green only for a signature that verified. */
export function VerdictBadge({ verdict }: { verdict: string | null }) {
  const t = useTranslations("Verdict");
  if (verdict === null) return <Badge variant="outline">{t("PENDING")}</Badge>;
  return <Badge variant={verdict === "VALID" ? "success" : "danger"}>{isVerdict(verdict) ? t(verdict) : verdict}</Badge>;
}

const OUTCOME_VARIANTS: Record<Outcome, "success" | "warning" | "danger" | "secondary" | "outline"> = {
  RECEIVED: "outline",
  APPLIED: "success",
  DUPLICATE: "secondary",
  STALE: "secondary",
  REJECTED: "danger",
  UNKNOWN_ORDER: "warning",
  SELF_TEST: "secondary",
  ERROR: "danger",
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const t = useTranslations("NotificationOutcome");
  return <Badge variant={isOutcome(outcome) ? OUTCOME_VARIANTS[outcome] : "outline"}>{isOutcome(outcome) ? t(outcome) : outcome}</Badge>;
}
