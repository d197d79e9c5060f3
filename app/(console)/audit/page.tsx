// /audit – the audit log, for admins: every operator action and sign-in, newest first, filters and pages in the URL.
import { getTranslations } from "next-intl/server";

import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { Forbidden } from "@/components/console/forbidden";
import { PageLinks } from "@/components/console/page-links";
import { QueryProblems } from "@/components/console/query-problems";
import { AUDIT_ACTIONS } from "@/lib/audit";
import { can } from "@/lib/auth/roles";
import { requireOperator } from "@/lib/auth/session";
import { listAuditEntries } from "@/lib/console/audit-log";
import { AUDIT_OUTCOMES, auditSearch, parseAuditQuery } from "@/lib/console/audit-query";
import { pageCount, type SearchParams } from "@/lib/url-params";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("Audit");
  return { title: t("title") };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { query, problems } = parseAuditQuery(await searchParams);
  const operator = await requireOperator(`/audit${auditSearch(query)}`);
  if (!can(operator.role, "audit.read")) return <Forbidden needs="admin" current={operator.role} />;
  const [t, { rows, total }] = await Promise.all([getTranslations("Audit"), listAuditEntries(getDb(), query)]);
  const pages = pageCount(total, query.size);
  const at = (page: number) => `/audit${auditSearch(query, { page })}`;

  return (
    <main className="mx-auto w-full max-w-7xl space-y-5 px-4 py-8 sm:px-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-muted-foreground text-sm">{t("description")}</p>
      </div>
      <QueryProblems title={t("problems")} problems={problems} />
      <AuditFilters key={auditSearch(query, { page: 1 })} query={query} actions={AUDIT_ACTIONS} outcomes={AUDIT_OUTCOMES} />
      <AuditTable rows={rows} />
      <PageLinks
        labels={{ label: t("pagination.label"), summary: t("pagination.summary", { total, page: query.page, pages }), previous: t("pagination.previous"), next: t("pagination.next") }}
        previous={query.page > 1 ? at(Math.min(query.page - 1, pages)) : null}
        next={query.page < pages ? at(query.page + 1) : null}
      />
    </main>
  );
}
