import { TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";

import type { Alert } from "@/lib/console/overview";

/**
 * What else needs a person, counted on each read of the page: each with its count and a link to the
 * orders or notifications it is about. Nothing when nothing does (OpenAlerts then says all is well).
 */
export function AlertsList({ alerts }: { alerts: Alert[] }) {
  const t = useTranslations("Overview.alerts");
  if (alerts.length === 0) return null;
  return (
    <ul className="space-y-2">
      {alerts.map((alert) => (
        <li key={alert.kind} className="border-warning/30 bg-warning/5 rounded-md border p-3" data-alert={alert.kind}>
          <Link href={alert.href} className="flex items-start gap-2 hover:underline">
            <TriangleAlert aria-hidden className="text-warning mt-0.5 size-4 shrink-0" />
            <span>
              <span className="font-medium">{t(`${alert.kind}.title`, { count: alert.count, minutes: alert.minutes ?? 0 })}</span>
              <span className="text-muted-foreground block text-sm">{t(`${alert.kind}.action`)}</span>
            </span>
          </Link>
          {alert.examples ? (
            <ul className="mt-2 flex flex-wrap gap-2 pl-6">
              {alert.examples.map((order) => (
                <li key={order.id}>
                  <Link href={`/orders/${order.id}`} className="text-primary font-mono text-xs hover:underline">
                    {order.outTradeNo}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
