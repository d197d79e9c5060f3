import "server-only";
import { getFormatter, getTranslations } from "next-intl/server";

import type { DetailWords } from "@/lib/alerts/detail";

/** An alert's figures in the reader's words, in a server component (useDetailWords in the browser). */
export async function getDetailWords(): Promise<DetailWords> {
  const [t, tOutcome, tStatus, format] = await Promise.all([getTranslations("Alerts.detail"), getTranslations("NotificationOutcome"), getTranslations("OrderStatus"), getFormatter()]);
  return {
    figure: (key, value) => t(key, { value }),
    outcome: (code) => (tOutcome.has(code as never) ? tOutcome(code as never) : code),
    orderStatus: (code) => (tStatus.has(code as never) ? tStatus(code as never) : code),
    dateTime: (at) => format.dateTime(at, "short"),
  };
}
