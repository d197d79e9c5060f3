// GET /api/v1/orders/{outTradeNo} – the order, its refunds and its event history.
import { apiRoute, json } from "@/lib/api/http";
import { findOrderByOutTradeNo, orderDetail } from "@/lib/payments/queries";
import { orderView } from "@/lib/payments/views";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ outTradeNo: string }>(async (_request, { ctx, params }) => {
  const order = await findOrderByOutTradeNo(ctx.db, params.outTradeNo);
  return json(orderView(order, ctx.settings.appUrl, await orderDetail(ctx.db, order.id)));
});
