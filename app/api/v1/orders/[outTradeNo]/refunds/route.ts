// POST /api/v1/orders/{outTradeNo}/refunds – a partial or full refund, idempotent on requestNo.
// 201: refunded. 202: asked, outcome not known yet (it is settled under the same number). 422: refused.
import { apiRoute, errorResponse, json, readJson } from "@/lib/api/http";
import { findOrderByOutTradeNo, orderDetail } from "@/lib/payments/queries";
import { requestRefund } from "@/lib/payments/refunds";
import { refundSchema } from "@/lib/payments/schemas";
import { orderView, refundView } from "@/lib/payments/views";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ outTradeNo: string }>(async (request, { ctx, params }) => {
  const input = await readJson(request, refundSchema);
  const found = await findOrderByOutTradeNo(ctx.db, params.outTradeNo);
  const { refund, order, created } = await requestRefund(ctx, found.id, input, "API");
  const body = { refund: refundView(refund), order: orderView(order, ctx.settings.appUrl, await orderDetail(ctx.db, found.id)) };
  if (refund.status === "FAILED") {
    return errorResponse(422, "REFUND_FAILED", `Alipay refused the refund: ${refund.subCode ?? refund.code ?? "unknown"} ${refund.message ?? ""}`.trim(), body);
  }
  return json(body, refund.status === "PENDING" ? 202 : created ? 201 : 200);
});

export const GET = apiRoute<{ outTradeNo: string }>(async (_request, { ctx, params }) => {
  const found = await findOrderByOutTradeNo(ctx.db, params.outTradeNo);
  const { refunds } = await orderDetail(ctx.db, found.id);
  return json({ refunds: refunds.map(refundView) });
});
