import { useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";
import { AUDIT_OUTCOMES } from "@/lib/console/audit-query";

type Outcome = (typeof AUDIT_OUTCOMES)[number];

const VARIANTS: Record<Outcome, "success" | "warning" | "danger"> = { OK: "success", FAILED: "warning", DENIED: "danger" };
const isOutcome = (value: string): value is Outcome => (AUDIT_OUTCOMES as readonly string[]).includes(value);

export function AuditOutcomeBadge({ outcome }: { outcome: string }) {
  const t = useTranslations("Audit.outcome");
  return isOutcome(outcome) ? <Badge variant={VARIANTS[outcome]}>{t(outcome)}</Badge> : <Badge variant="outline">{outcome}</Badge>;
}
