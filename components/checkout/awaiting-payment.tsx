// Waiting for the buyer: the QR drawn on the server, how to pay, the time left, and on a phone (which
// cannot scan its own screen) a link that opens the QR in Alipay.
import { Smartphone, Timer, WifiOff } from "lucide-react";
import { useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatCountdown } from "@/lib/checkout/countdown";

type AwaitingPaymentProps = {
  qrImage: string;
  /** What the QR encodes; linked only when it is a web address. */
  qrCode: string;
  scanned: boolean;
  remainingMs: number;
  connected: boolean;
};

export function AwaitingPayment({ qrImage, qrCode, scanned, remainingMs, connected }: AwaitingPaymentProps) {
  const t = useTranslations("Checkout.awaiting");

  return (
    <div className="flex flex-col items-center gap-4 text-center">
      {/* A data URL drawn on the server: next/image would add nothing to it. */}
      <img
        src={qrImage}
        alt={t("qrAlt")}
        width={240}
        height={240}
        className="size-60 rounded-lg border bg-white [image-rendering:pixelated]"
      />
      <div className="space-y-1">
        <h2 className="text-lg font-semibold tracking-tight">{t("title")}</h2>
        <p className="text-muted-foreground text-sm text-pretty">{t("hint")}</p>
      </div>
      {scanned ? (
        <Badge variant="success" className="px-2.5 py-1 text-sm whitespace-normal">
          <Smartphone aria-hidden />
          {t("scanned")}
        </Badge>
      ) : null}
      <p role="timer" className="bg-secondary text-secondary-foreground flex items-center gap-1.5 rounded-full px-3 py-1 text-sm font-medium tabular-nums">
        <Timer aria-hidden className="size-4" />
        {t("expiresIn", { time: formatCountdown(remainingMs) })}
      </p>
      {/^https?:\/\//i.test(qrCode) ? (
        <Button asChild size="lg" className="w-full sm:hidden">
          <a href={qrCode} rel="noreferrer">
            {t("openInApp")}
          </a>
        </Button>
      ) : null}
      {connected ? null : (
        <p role="status" className="text-warning flex items-center gap-1.5 text-sm">
          <WifiOff aria-hidden className="size-4" />
          {t("reconnecting")}
        </p>
      )}
    </div>
  );
}
