// POST /api/console/reconciliation/days/{date}/run – runs a day's reconciliation again on its newest bill;
// what was resolved stays resolved.
import { ApiError, json } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { rerunDay } from "@/lib/console/reconciliation-actions";
import { getPayments } from "@/lib/payments/context";
import { isRealDay } from "@/lib/url-params";

export const dynamic = "force-dynamic";

export const POST = consoleRoute<{ date: string }>({ permission: "reconciliation.run", audit: { action: "reconciliation.run", target: (p: { date: string }) => ({ type: "reconciliation_day", id: p.date }) } }, async (_request, { operator, origin, params }) => {
  if (!isRealDay(params.date)) throw new ApiError(404, "NOT_FOUND", "No such day");
  const result = await rerunDay({ ctx: getPayments(), operator, origin }, params.date);
  if (!result.ok) throw new ApiError(409, "NO_BILL", "There is no imported bill for this day yet: wait for the worker or upload one");
  return json(result);
});
