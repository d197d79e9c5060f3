// POST /api/v1/orders/{outTradeNo}/sync – asks Alipay (alipay.trade.query) and applies the answer.
import { apiRoute, json } from "@/lib/api/http";
import { findOrderByOutTradeNo, orderDetail } from "@/lib/payments/queries";
import { syncOrder } from "@/lib/payments/sync";
import { orderView } from "@/lib/payments/views";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ outTradeNo: string }>(async (_request, { ctx, params }) => {
  const found = await findOrderByOutTradeNo(ctx.db, params.outTradeNo);
  const result = await syncOrder(ctx, found.id, "API");
  return json({
    order: orderView(result.order, ctx.settings.appUrl, await orderDetail(ctx.db, found.id)),
    alipay: result.alipay,
    outcome: result.outcome,
    changes: result.changes,
  });
});
