import { useTranslations } from "next-intl";

import { formatYuan } from "@/lib/money";

type Hour = { hour: number; paidFen: number; refundedFen: number };

/** Paid and refunded amounts per hour of the Beijing day, as bars; the same figures as a table for screen readers. */
export function HourlyChart({ hours }: { hours: Hour[] }) {
  const t = useTranslations("Overview.chart");
  const max = Math.max(1, ...hours.map((hour) => Math.max(hour.paidFen, hour.refundedFen)));
  const width = 720;
  const height = 160;
  const slot = width / 24;
  const bar = (slot - 6) / 2;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${width} ${height + 18}`} className="h-auto w-full" role="img" aria-label={t("label")}>
        <line x1={0} y1={height} x2={width} y2={height} className="stroke-border" />
        {hours.map((hour) => {
          const x = hour.hour * slot + 3;
          const paid = (hour.paidFen / max) * (height - 4);
          const refunded = (hour.refundedFen / max) * (height - 4);
          return (
            <g key={hour.hour}>
              <rect x={x} y={height - paid} width={bar} height={paid} rx={2} className="fill-success">
                <title>{t("paidAt", { hour: hour.hour, amount: formatYuan(hour.paidFen) })}</title>
              </rect>
              <rect x={x + bar} y={height - refunded} width={bar} height={refunded} rx={2} className="fill-muted-foreground/50">
                <title>{t("refundedAt", { hour: hour.hour, amount: formatYuan(hour.refundedFen) })}</title>
              </rect>
              {hour.hour % 3 === 0 ? (
                <text x={x + bar} y={height + 14} textAnchor="middle" className="fill-muted-foreground text-[10px]">
                  {String(hour.hour).padStart(2, "0")}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="text-muted-foreground flex items-center gap-4 text-xs">
        <span className="flex items-center gap-1.5">
          <span className="bg-success size-2.5 rounded-sm" aria-hidden />
          {t("paid")}
        </span>
        <span className="flex items-center gap-1.5">
          <span className="bg-muted-foreground/50 size-2.5 rounded-sm" aria-hidden />
          {t("refunded")}
        </span>
      </figcaption>
      <table className="sr-only">
        <caption>{t("label")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("hour")}</th>
            <th scope="col">{t("paid")}</th>
            <th scope="col">{t("refunded")}</th>
          </tr>
        </thead>
        <tbody>
          {hours.map((hour) => (
            <tr key={hour.hour}>
              <th scope="row">{`${String(hour.hour).padStart(2, "0")}:00`}</th>
              <td>¥{formatYuan(hour.paidFen)}</td>
              <td>¥{formatYuan(hour.refundedFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
