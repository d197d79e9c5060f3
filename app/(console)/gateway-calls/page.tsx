// /gateway-calls – every call to Alipay's gateway, newest first: filters and pages in the URL.
import { getTranslations } from "next-intl/server";

import { PageLinks } from "@/components/console/page-links";
import { QueryProblems } from "@/components/console/query-problems";
import { GatewayCallFilters } from "@/components/gateway-calls/gateway-call-filters";
import { GatewayCallsTable } from "@/components/gateway-calls/gateway-calls-table";
import { requireOperator } from "@/lib/auth/session";
import { gatewayCallSearch, parseGatewayCallQuery } from "@/lib/console/gateway-call-query";
import { listGatewayCalls } from "@/lib/console/gateway-calls";
import { pageCount, type SearchParams } from "@/lib/url-params";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("GatewayCalls");
  return { title: t("title") };
}

export default async function GatewayCallsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { query, problems } = parseGatewayCallQuery(await searchParams);
  const search = gatewayCallSearch(query);
  await requireOperator(`/gateway-calls${search}`);
  const [t, { rows, total }] = await Promise.all([getTranslations("GatewayCalls"), listGatewayCalls(getDb(), query)]);
  const pages = pageCount(total, query.size);
  const at = (page: number) => `/gateway-calls${gatewayCallSearch(query, { page })}`;

  return (
    <main className="mx-auto w-full max-w-7xl space-y-5 px-4 py-8 sm:px-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-muted-foreground text-sm">{t("description")}</p>
      </div>
      <QueryProblems title={t("problems")} problems={problems} />
      <GatewayCallFilters key={gatewayCallSearch(query, { page: 1 })} query={query} />
      <GatewayCallsTable rows={rows} />
      <PageLinks
        labels={{ label: t("pagination.label"), summary: t("pagination.summary", { total, page: query.page, pages }), previous: t("pagination.previous"), next: t("pagination.next") }}
        previous={query.page > 1 ? at(Math.min(query.page - 1, pages)) : null}
        next={query.page < pages ? at(query.page + 1) : null}
      />
    </main>
  );
}
