// /checkout/{id} – the buyer's page: amount, subject, the QR drawn here, a countdown, and the status as
// it changes. Public: the unguessable id is the only key, and the page shows the checkout view only.
import { TriangleAlert } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";

import { CheckoutLive } from "@/components/checkout/checkout-live";
import { CheckoutOutcome } from "@/components/checkout/checkout-outcome";
import { Card } from "@/components/ui/card";
import { lookupCheckout } from "@/lib/checkout/lookup";
import { renderQrDataUrl } from "@/lib/checkout/qr-image";

export const dynamic = "force-dynamic";

type CheckoutPageProps = { params: Promise<{ id: string }> };

// One read per request for the metadata and the page.
const lookup = cache(lookupCheckout);

export async function generateMetadata({ params }: CheckoutPageProps): Promise<Metadata> {
  const [found, t] = await Promise.all([lookup((await params).id), getTranslations("Checkout")]);
  return { title: { absolute: found.kind === "found" ? t("metaTitle", { amount: found.view.amount }) : t("title") } };
}

export default async function CheckoutPage({ params }: CheckoutPageProps) {
  const found = await lookup((await params).id);
  if (found.kind === "unknown") notFound();
  if (found.kind === "unconfigured") {
    const t = await getTranslations("Checkout.unconfigured");
    return (
      <Card className="px-6 py-8">
        <CheckoutOutcome icon={TriangleAlert} tone="warning" title={t("title")}>
          <p>{t("body")}</p>
        </CheckoutOutcome>
      </Card>
    );
  }
  const { view, now } = found;
  const qrImage = view.qrCode ? await renderQrDataUrl(view.qrCode) : null;
  // A new version (a QR issued since, on refresh) starts the live view afresh from the server's.
  return <CheckoutLive key={view.version} initial={view} qrImage={qrImage} serverNow={now.toISOString()} />;
}
