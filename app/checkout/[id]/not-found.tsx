// /checkout/{id} for an id that is no order's: a buyer-facing 404.
import { SearchX } from "lucide-react";
import { getTranslations } from "next-intl/server";

import { CheckoutOutcome } from "@/components/checkout/checkout-outcome";
import { Card } from "@/components/ui/card";

export default async function CheckoutNotFound() {
  const t = await getTranslations("Checkout.notFound");

  return (
    <Card className="px-6 py-8">
      <CheckoutOutcome icon={SearchX} tone="neutral" title={t("title")}>
        <p>{t("body")}</p>
      </CheckoutOutcome>
    </Card>
  );
}
