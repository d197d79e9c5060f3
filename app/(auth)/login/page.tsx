// The sign-in page: the only console page open to anyone.
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";

import { LoginForm } from "@/components/auth/login-form";
import { LocaleSwitcher } from "@/components/locale-switcher";
import { getOperator } from "@/lib/auth/session";
import { safeReturnTo } from "@/lib/auth/return-to";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("Login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnTo(params.callbackUrl);
  if (await getOperator()) redirect(returnTo);
  const [t, tApp] = await Promise.all([getTranslations("Login"), getTranslations("App")]);
  const expired = params.expired === "1";

  return (
    <main className="bg-muted/40 flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-10">
      <div className="w-full max-w-sm space-y-6">
        <div className="space-y-1 text-center">
          <p className="text-muted-foreground text-sm">{tApp("name")}</p>
          <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        </div>
        <LoginForm returnTo={returnTo} notice={expired ? t("expired") : null} />
        <div className="flex justify-center">
          <LocaleSwitcher />
        </div>
      </div>
    </main>
  );
}
