"use client";

import { useTranslations } from "next-intl";

import type { ConsoleError } from "@/components/orders/console-request";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

const CODES = ["FORBIDDEN", "CROSS_SITE", "UNAUTHENTICATED", "NOT_FOUND", "INVALID_REQUEST", "CONFLICT", "EMAIL_TAKEN", "INVALID_EMAIL", "LAST_ADMIN", "OWN_ACCOUNT", "NOT_CONFIGURED", "NETWORK", "INTERNAL"] as const;
type Code = (typeof CODES)[number];
const isCode = (value: string): value is Code => (CODES as readonly string[]).includes(value);

/** A refused settings action, in the reader's language, with the server's words below. */
export function ConsoleErrorAlert({ error }: { error: ConsoleError }) {
  const t = useTranslations("Settings.errors");
  return (
    <Alert variant="destructive" role="alert">
      <AlertTitle>{t(isCode(error.code) ? error.code : "INTERNAL")}</AlertTitle>
      <AlertDescription>{error.message}</AlertDescription>
    </Alert>
  );
}
