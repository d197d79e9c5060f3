// POST /api/console/orders/{id}/sync – asks Alipay again and applies its answer (operator).
import { json } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { syncOrderFromConsole } from "@/lib/console/order-actions";
import { getPayments } from "@/lib/payments/context";
import { orderView } from "@/lib/payments/views";

export const dynamic = "force-dynamic";

export const POST = consoleRoute<{ id: string }>({ permission: "order.sync", audit: { action: "order.sync", target: (p: { id: string }) => ({ type: "order", id: p.id }) } }, async (_request, { operator, origin, params }) => {
  const ctx = getPayments();
  const synced = await syncOrderFromConsole({ ctx, operator, origin }, params.id);
  return json({ order: orderView(synced.order, ctx.settings.appUrl), alipay: synced.alipay, outcome: synced.outcome, changes: synced.changes });
});
