// The buyer's pages: their own small header (no way into the console), never indexed, and no
// Referer carrying the page's secret address to the shop or to Alipay.
import type { Metadata } from "next";
import type { ReactNode } from "react";

import { CheckoutHeader } from "@/components/checkout/checkout-header";

export const metadata: Metadata = {
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

export default function CheckoutLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <>
      <CheckoutHeader />
      <main className="mx-auto w-full max-w-md px-4 py-6 sm:py-12">{children}</main>
    </>
  );
}
