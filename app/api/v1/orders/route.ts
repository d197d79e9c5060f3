// POST /api/v1/orders – creates an order and its QR (alipay.trade.precreate). Idempotent on outTradeNo.
import { apiRoute, json, readJson } from "@/lib/api/http";
import { createOrder } from "@/lib/payments/create-order";
import { createOrderSchema } from "@/lib/payments/schemas";
import { createdOrderView } from "@/lib/payments/views";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request, { ctx }) => {
  const input = await readJson(request, createOrderSchema);
  const { created, order } = await createOrder(ctx, input);
  return json(createdOrderView(order, ctx.settings.appUrl), created ? 201 : 200);
});
