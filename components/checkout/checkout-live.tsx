"use client";
// The checkout as the buyer sees it, kept current without a reload: the amount and subject, then the
// QR and countdown while it waits, or the outcome once there is one.
import { CircleCheckBig, CircleSlash, ClockAlert, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect } from "react";

import { AwaitingPayment } from "@/components/checkout/awaiting-payment";
import { CheckoutOutcome } from "@/components/checkout/checkout-outcome";
import { useCheckoutStatus } from "@/components/checkout/use-checkout-status";
import { useServerClock } from "@/components/checkout/use-server-clock";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import { displayedState, isTerminal } from "@/lib/checkout/state";
import type { CheckoutState, CheckoutView } from "@/lib/payments/views";

type CheckoutLiveProps = {
  initial: CheckoutView;
  /** The QR of `initial.qrCode`, drawn on the server; null when there was none to draw. */
  qrImage: string | null;
  /** The server's time when it rendered the page (ISO 8601). */
  serverNow: string;
};

export function CheckoutLive({ initial, qrImage, serverNow }: CheckoutLiveProps) {
  const t = useTranslations("Checkout");
  const router = useRouter();
  const { view, connected } = useCheckoutStatus(initial);
  const now = useServerClock(serverNow, !isTerminal(view, Date.now()));
  const state = displayedState(view, now);
  const awaitingNewQr = state === "AWAITING_PAYMENT" && view.qrCode !== initial.qrCode;

  // A QR issued after the page was drawn (a retried precreate): the server draws it.
  useEffect(() => {
    if (awaitingNewQr) router.refresh();
  }, [awaitingNewQr, router]);

  return (
    <Card className="gap-0 py-0">
      <div className="space-y-1 px-6 pt-6 pb-5 text-center">
        <h1 className="text-muted-foreground text-base font-medium break-words">{view.subject}</h1>
        <p className="text-4xl font-semibold tracking-tight tabular-nums">{t("amount", { amount: view.amount })}</p>
      </div>
      <Separator />
      <section aria-live="polite" className="px-6 py-7">
        <StatePanel state={state} view={view} qrImage={awaitingNewQr ? null : qrImage} remainingMs={Date.parse(view.expiresAt) - now} connected={connected} />
      </section>
    </Card>
  );
}

type StatePanelProps = {
  state: CheckoutState;
  view: CheckoutView;
  qrImage: string | null;
  remainingMs: number;
  connected: boolean;
};

function StatePanel({ state, view, qrImage, remainingMs, connected }: StatePanelProps) {
  const t = useTranslations("Checkout");

  switch (state) {
    case "AWAITING_PAYMENT":
      if (!qrImage || !view.qrCode) break;
      return <AwaitingPayment qrImage={qrImage} qrCode={view.qrCode} scanned={view.scanned} remainingMs={remainingMs} connected={connected} />;
    case "PAID":
      return (
        <CheckoutOutcome icon={CircleCheckBig} tone="success" title={t("paid.title")}>
          <p>{t("paid.body", { amount: view.amount })}</p>
          {view.returnUrl ? (
            <Button asChild size="lg" className="w-full">
              <a href={view.returnUrl}>{t("paid.return")}</a>
            </Button>
          ) : (
            <p>{t("paid.done")}</p>
          )}
        </CheckoutOutcome>
      );
    case "EXPIRED":
      return (
        <CheckoutOutcome icon={ClockAlert} tone="neutral" title={t("expired.title")}>
          <p>{t("expired.body")}</p>
        </CheckoutOutcome>
      );
    case "CLOSED":
      return (
        <CheckoutOutcome icon={CircleSlash} tone="neutral" title={t("closed.title")}>
          <p>{t("closed.body")}</p>
        </CheckoutOutcome>
      );
    case "UNAVAILABLE":
      break;
  }
  // No QR to show (yet): precreate failed, or a new QR is being drawn.
  return (
    <CheckoutOutcome icon={TriangleAlert} tone="warning" title={t("unavailable.title")}>
      <p>{t("unavailable.body")}</p>
    </CheckoutOutcome>
  );
}
