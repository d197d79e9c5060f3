import { useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";

const VARIANTS = { NONE: "outline", WAITING: "secondary", FAILED: "danger", RECONCILED: "success" } as const;
type DayStatus = keyof typeof VARIANTS;
const isDayStatus = (value: string): value is DayStatus => value in VARIANTS;

/** Where a day's reconciliation stands. */
export function DayStatusBadge({ status }: { status: string }) {
  const t = useTranslations("Reconciliation.status");
  const known = isDayStatus(status) ? status : "NONE";
  return <Badge variant={VARIANTS[known]}>{t(known)}</Badge>;
}
