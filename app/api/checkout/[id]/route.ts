// GET /api/checkout/{id} – the public checkout view as JSON: what the page polls when it cannot stream.
import { errorResponse, json } from "@/lib/api/http";
import { lookupCheckout } from "@/lib/checkout/lookup";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const found = await lookupCheckout((await params).id);
  if (found.kind === "unconfigured") return errorResponse(503, "NOT_CONFIGURED", "Checkout is not available: the console's Alipay configuration is not valid");
  if (found.kind === "unknown") return errorResponse(404, "NOT_FOUND", "No checkout with this id");
  return json(found.view);
}
