// POST /api/console/orders/{id}/refunds – refunds part or all of a paid order (admin). The page sends a
// request number made when the form opened, so a second click or a retry refunds once.
import { json, readJson } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { refundFromConsole } from "@/lib/console/order-actions";
import { getPayments } from "@/lib/payments/context";
import { refundSchema } from "@/lib/payments/schemas";
import { orderView, refundView } from "@/lib/payments/views";

export const dynamic = "force-dynamic";

export const POST = consoleRoute<{ id: string }>({ permission: "order.refund", audit: { action: "order.refund", target: (p: { id: string }) => ({ type: "order", id: p.id }) } }, async (request, { operator, origin, params }) => {
  const input = await readJson(request, refundSchema);
  const ctx = getPayments();
  const result = await refundFromConsole({ ctx, operator, origin }, params.id, input);
  const status = result.refund.status === "SUCCEEDED" ? 201 : result.refund.status === "PENDING" ? 202 : 422;
  return json({ order: orderView(result.order, ctx.settings.appUrl), refund: refundView(result.refund) }, status);
});
