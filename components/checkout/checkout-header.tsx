// The buyer's header: what the page is and the language switch; nothing that leads into the console.
import { ScanQrCode } from "lucide-react";
import { getTranslations } from "next-intl/server";

import { LocaleSwitcher } from "@/components/locale-switcher";

export async function CheckoutHeader() {
  const t = await getTranslations("Checkout");

  return (
    <header className="bg-card border-b">
      <div className="mx-auto flex h-14 w-full max-w-md items-center justify-between gap-3 px-4">
        <span className="flex min-w-0 items-center gap-2 font-semibold tracking-tight">
          <span className="bg-primary text-primary-foreground flex size-8 shrink-0 items-center justify-center rounded-lg">
            <ScanQrCode aria-hidden className="size-4.5" />
          </span>
          <span className="truncate">{t("title")}</span>
        </span>
        <LocaleSwitcher />
      </div>
    </header>
  );
}
