import { useTranslations } from "next-intl";

import type { AuditEntryView } from "@/lib/console/audit-log";

function Json({ label, text }: { label: string; text: string }) {
  return (
    <div className="min-w-0 space-y-1">
      <div className="text-muted-foreground text-xs">{label}</div>
      <pre className="bg-muted max-h-80 overflow-auto rounded p-2 font-mono text-xs whitespace-pre-wrap [overflow-wrap:anywhere]">{text}</pre>
    </div>
  );
}

/** The entry's snapshots before → after and its detail, folded away until asked for. */
export function AuditEntryDetail({ entry }: { entry: AuditEntryView }) {
  const t = useTranslations("Audit.detail");
  return (
    <details className="text-sm">
      <summary className="text-muted-foreground hover:text-foreground cursor-pointer text-xs">{t("show")}</summary>
      <div className="mt-2 space-y-3">
        {entry.before !== null || entry.after !== null ? (
          <div className="grid gap-3 md:grid-cols-2">
            <Json label={t("before")} text={entry.before ?? t("none")} />
            <Json label={t("after")} text={entry.after ?? t("none")} />
          </div>
        ) : null}
        {entry.detail !== null ? <Json label={t("detail")} text={entry.detail} /> : null}
        {entry.userAgent ? <p className="text-muted-foreground text-xs [overflow-wrap:anywhere]">{t("userAgent", { userAgent: entry.userAgent })}</p> : null}
      </div>
    </details>
  );
}
