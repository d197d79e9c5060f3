// GET /orders/export – the orders list's view (the page's query string) as CSV: every matching order, streamed.
import { getTranslations } from "next-intl/server";

import { errorResponse } from "@/lib/api/http";
import { recordAudit } from "@/lib/audit";
import { consoleRoute } from "@/lib/auth/console-route";
import { countExportedOrders, ordersCsvStream } from "@/lib/console/orders-export";
import { getDb } from "@/lib/db";
import { beijingStamp } from "@/lib/orders/export";
import { orderListSearch, parseOrderListQuery } from "@/lib/orders/list-query";
import { DEFAULT_PAGE_SIZE } from "@/lib/url-params";

export const dynamic = "force-dynamic";

function searchParams(url: URL): Record<string, string[]> {
  return Object.fromEntries([...new Set(url.searchParams.keys())].map((name) => [name, url.searchParams.getAll(name)]));
}

export const GET = consoleRoute({ permission: "read" }, async (request, { operator, origin }) => {
  const { query, problems } = parseOrderListQuery(searchParams(new URL(request.url)));
  if (problems.length > 0) {
    return errorResponse(400, "INVALID_QUERY", `The filter is not valid: ${problems.map((problem) => `${problem.field} ${problem.reason}`).join("; ")}`, { problems });
  }
  const db = getDb();
  const [t, tStatus, rows] = await Promise.all([getTranslations("OrdersExport.columns"), getTranslations("OrderStatus"), countExportedOrders(db, query)]);
  // Written before the first byte leaves: an export cut short has still been taken.
  await recordAudit(db, {
    actor: { id: operator.id, email: operator.email, role: operator.role },
    origin,
    action: "orders.export",
    outcome: "OK",
    detail: { filter: orderListSearch(query, { page: 1, size: DEFAULT_PAGE_SIZE }), rows },
  });
  return new Response(ordersCsvStream(db, query, { column: (column) => t(column), status: (status) => tStatus(status) }), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="orders-${beijingStamp(new Date())}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
