import { Database } from "lucide-react";
import { getTranslations } from "next-intl/server";

import { InlineCode } from "@/components/inline-code";
import { MonoValue, StatusList, StatusRow, StatusSection } from "@/components/status/status-list";
import { Badge } from "@/components/ui/badge";
import type { DatabaseStatus } from "@/lib/status";

export async function DatabaseStatusSection({ database }: { database: DatabaseStatus }) {
  const t = await getTranslations("Status.database");
  const pending = database.pendingMigrations;

  return (
    <StatusSection icon={Database} title={t("title")}>
      <StatusList>
        <StatusRow label={t("provider")}>{t(`providers.${database.provider}`)}</StatusRow>
        <StatusRow label={t("connection")}>
          <div className="space-y-1.5">
            <Badge variant={database.ok ? "success" : "danger"}>{database.ok ? t("reachable") : t("unreachable")}</Badge>
            {database.error ? <MonoValue className="text-destructive block">{database.error}</MonoValue> : null}
          </div>
        </StatusRow>
        <StatusRow label={t("migrations")}>
          {pending === undefined ? (
            <span className="text-muted-foreground">{t("unknown")}</span>
          ) : pending === 0 ? (
            <Badge variant="success">{t("upToDate")}</Badge>
          ) : (
            <div className="space-y-1.5">
              <Badge variant="warning">{t("pending", { count: pending })}</Badge>
              <p className="text-muted-foreground">
                {t.rich("migrateHint", { code: (chunks) => <InlineCode>{chunks}</InlineCode> })}
              </p>
            </div>
          )}
        </StatusRow>
      </StatusList>
    </StatusSection>
  );
}
