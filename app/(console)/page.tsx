import { getTranslations } from "next-intl/server";

import { InlineCode } from "@/components/inline-code";
import { ConfigErrorAlert } from "@/components/status/config-error-alert";
import { SystemStatusCard } from "@/components/status/system-status-card";
import { requireOperator } from "@/lib/auth/session";
import { getSystemStatus } from "@/lib/status";

// Configuration and the database are read per request: a build needs neither.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  await requireOperator("/");
  const [status, t, tApp] = await Promise.all([getSystemStatus(), getTranslations("Home"), getTranslations("App")]);

  return (
    <main className="mx-auto w-full max-w-5xl space-y-8 px-4 py-10 sm:px-6 sm:py-14">
      <section className="space-y-3">
        <h1 className="text-3xl font-semibold tracking-tight text-balance">{tApp("name")}</h1>
        <div className="text-muted-foreground max-w-3xl space-y-1 leading-relaxed text-pretty">
          <p>{t.rich("intro", { code: (chunks) => <InlineCode>{chunks}</InlineCode> })}</p>
          <p>{t("introMore")}</p>
        </div>
      </section>
      {status.alipay.configured ? null : <ConfigErrorAlert problems={status.alipay.problems} />}
      <SystemStatusCard status={status} />
    </main>
  );
}
