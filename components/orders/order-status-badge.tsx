import { useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";
import type { OrderStatus } from "@/lib/orders/status";

const VARIANTS: Record<OrderStatus, "success" | "warning" | "danger" | "secondary" | "outline"> = {
  PENDING: "warning",
  PAID: "success",
  REFUNDED: "secondary",
  CLOSED: "outline",
  FAILED: "danger",
};

/** The status as a label; a paid order with part of it refunded says so. */
export function OrderStatusBadge({ status, partlyRefunded = false }: { status: OrderStatus; partlyRefunded?: boolean }) {
  const t = useTranslations("OrderStatus");
  return <Badge variant={VARIANTS[status]}>{status === "PAID" && partlyRefunded ? t("PARTLY_REFUNDED") : t(status)}</Badge>;
}

const KNOWN_ANOMALIES = ["PAID_AFTER_CLOSE", "PAID_AFTER_FAILURE", "AMOUNT_MISMATCH", "TRADE_NO_MISMATCH", "REFUND_ABOVE_PAID", "CLOSED_WHILE_PAID", "REFUND_UNSETTLED"] as const;
type KnownAnomaly = (typeof KNOWN_ANOMALIES)[number];

export function isKnownAnomaly(value: string): value is KnownAnomaly {
  return (KNOWN_ANOMALIES as readonly string[]).includes(value);
}

export function AnomalyBadges({ anomalies }: { anomalies: string[] }) {
  const t = useTranslations("Anomaly");
  if (anomalies.length === 0) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {anomalies.map((anomaly) => (
        <Badge key={anomaly} variant="danger" title={isKnownAnomaly(anomaly) ? t(`${anomaly}.description`) : anomaly}>
          {isKnownAnomaly(anomaly) ? t(`${anomaly}.label`) : anomaly}
        </Badge>
      ))}
    </span>
  );
}
