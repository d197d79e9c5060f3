import { useTranslations } from "next-intl";

import { MoneyChart } from "@/components/funds/money-chart";

type Hour = { hour: number; paidFen: number; refundedFen: number };

const hh = (hour: number) => String(hour).padStart(2, "0");

/** Paid and refunded amounts per hour of the Beijing day, as bars; the same figures as a table for screen readers. */
export function HourlyChart({ hours }: { hours: Hour[] }) {
  const t = useTranslations("Overview.chart");
  return (
    <MoneyChart
      bars={hours.map((hour) => ({ key: String(hour.hour), tick: hour.hour % 3 === 0 ? hh(hour.hour) : null, label: `${hh(hour.hour)}:00`, paidFen: hour.paidFen, refundedFen: hour.refundedFen }))}
      labels={{ title: t("label"), period: t("hour"), paid: t("paid"), refunded: t("refunded") }}
    />
  );
}
