import { ShieldX } from "lucide-react";
import { getTranslations } from "next-intl/server";

import type { Role } from "@/lib/auth/roles";

/** What a signed-in operator sees on a page their role does not open. */
export async function Forbidden({ needs, current }: { needs: Role; current: Role }) {
  const [t, tRoles] = await Promise.all([getTranslations("Forbidden"), getTranslations("Roles")]);
  return (
    <main className="mx-auto flex w-full max-w-xl flex-col items-center gap-3 px-4 py-20 text-center">
      <ShieldX aria-hidden className="text-muted-foreground size-10" />
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="text-muted-foreground">{t("description", { role: tRoles(needs), current: tRoles(current) })}</p>
    </main>
  );
}
