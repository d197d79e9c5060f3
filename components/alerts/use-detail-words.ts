"use client";

import { useFormatter, useTranslations } from "next-intl";

import type { DetailWords } from "@/lib/alerts/detail";

/** An alert's figures in the reader's words, in a client component (getDetailWords on the server). */
export function useDetailWords(): DetailWords {
  const t = useTranslations("Alerts.detail");
  const tOutcome = useTranslations("NotificationOutcome");
  const tStatus = useTranslations("OrderStatus");
  const format = useFormatter();
  return {
    figure: (key, value) => t(key, { value }),
    outcome: (code) => (tOutcome.has(code as never) ? tOutcome(code as never) : code),
    orderStatus: (code) => (tStatus.has(code as never) ? tStatus(code as never) : code),
    dateTime: (at) => format.dateTime(at, "short"),
  };
}
