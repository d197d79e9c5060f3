// GET /funds/export – the fund flow's view (the page's query string) as CSV: a record per bucket, store and till.
import { getTranslations } from "next-intl/server";

import { errorResponse } from "@/lib/api/http";
import { recordAudit } from "@/lib/audit";
import { consoleRoute } from "@/lib/auth/console-route";
import { getDb } from "@/lib/db";
import { FUNDS_CSV_COLUMNS, fundsCsvRows } from "@/lib/funds/csv";
import { fundsSearch, parseFundsQuery } from "@/lib/funds/period";
import { configuredFeeRate, getFunds } from "@/lib/funds/read";
import { createCsvStream } from "@/lib/orders/csv";
import { beijingStamp } from "@/lib/orders/export";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ permission: "read" }, async (request, { operator, origin }) => {
  const now = new Date();
  const url = new URL(request.url);
  const repeated = [...new Set(url.searchParams.keys())].filter((name) => url.searchParams.getAll(name).length > 1);
  const { query, problems } = parseFundsQuery(Object.fromEntries(url.searchParams), now);
  for (const name of repeated) problems.push({ field: name as "period", reason: "must be given once" });
  if (problems.length > 0) {
    return errorResponse(400, "INVALID_QUERY", `The view is not valid: ${problems.map((problem) => `${problem.field} ${problem.reason}`).join("; ")}`, { problems });
  }
  const db = getDb();
  const [t, tSource, funds] = await Promise.all([getTranslations("FundsExport.columns"), getTranslations("Funds.feeSource"), getFunds(db, query, configuredFeeRate())]);
  await recordAudit(db, {
    actor: { id: operator.id, email: operator.email, role: operator.role },
    origin,
    action: "funds.export",
    outcome: "OK",
    detail: { view: fundsSearch(query, now) || "(today)", period: query.period, date: query.date, store: query.store, rows: funds.rows.length },
  });
  async function* rows() {
    yield* fundsCsvRows(funds, (source) => tSource(source));
  }
  const name = `funds-${query.date}${query.store ? `-${query.store === "~" ? "no-store" : query.store}` : ""}-${beijingStamp(now)}.csv`;
  return new Response(createCsvStream(FUNDS_CSV_COLUMNS.map((column) => t(column)), rows()), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
