// POST /api/v1/orders/{outTradeNo}/close – closes an unpaid order at Alipay (if there is a trade) and here.
import { apiRoute, json } from "@/lib/api/http";
import { closeOrder } from "@/lib/payments/close";
import { findOrderByOutTradeNo, orderDetail } from "@/lib/payments/queries";
import { orderView } from "@/lib/payments/views";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ outTradeNo: string }>(async (_request, { ctx, params }) => {
  const found = await findOrderByOutTradeNo(ctx.db, params.outTradeNo);
  const result = await closeOrder(ctx, found.id, "API");
  return json({ order: orderView(result.order, ctx.settings.appUrl, await orderDetail(ctx.db, found.id)), closed: result.closed, alipay: result.alipay });
});
