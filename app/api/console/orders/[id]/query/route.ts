// POST /api/console/orders/{id}/query – asks Alipay about the order and shows what applying its answer
// would change; nothing is applied (operator).
import { json } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { previewOrderSync } from "@/lib/console/order-actions";
import { getPayments } from "@/lib/payments/context";
import { orderView } from "@/lib/payments/views";

export const dynamic = "force-dynamic";

export const POST = consoleRoute<{ id: string }>({ permission: "order.sync", audit: { action: "order.sync", target: (p: { id: string }) => ({ type: "order", id: p.id }) } }, async (_request, { operator, origin, params }) => {
  const ctx = getPayments();
  const preview = await previewOrderSync({ ctx, operator, origin }, params.id);
  return json({ order: orderView(preview.order, ctx.settings.appUrl), alipay: preview.alipay, trade: preview.trade, outcome: preview.outcome, changes: preview.changes, anomalies: preview.anomalies });
});
