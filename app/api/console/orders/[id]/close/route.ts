// POST /api/console/orders/{id}/close – closes an unpaid order at Alipay and here (operator).
import { json } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { closeOrderFromConsole } from "@/lib/console/order-actions";
import { getPayments } from "@/lib/payments/context";
import { orderView } from "@/lib/payments/views";

export const dynamic = "force-dynamic";

export const POST = consoleRoute<{ id: string }>({ permission: "order.close", audit: { action: "order.close", target: (p: { id: string }) => ({ type: "order", id: p.id }) } }, async (_request, { operator, origin, params }) => {
  const ctx = getPayments();
  const closed = await closeOrderFromConsole({ ctx, operator, origin }, params.id);
  return json({ order: orderView(closed.order, ctx.settings.appUrl), closed: closed.closed, alipay: closed.alipay });
});
