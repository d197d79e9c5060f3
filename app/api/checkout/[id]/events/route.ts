// GET /api/checkout/{id}/events – the public checkout view as server-sent events, until it can no
// longer change (lib/checkout/event-stream.ts).
import { errorResponse } from "@/lib/api/http";
import { checkoutEventStream } from "@/lib/checkout/event-stream";
import { lookupCheckout } from "@/lib/checkout/lookup";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const found = await lookupCheckout(id);
  if (found.kind === "unconfigured") return errorResponse(503, "NOT_CONFIGURED", "Checkout is not available: the console's Alipay configuration is not valid");
  if (found.kind === "unknown") return errorResponse(404, "NOT_FOUND", "No checkout with this id");
  const stream = checkoutEventStream({
    load: async () => {
      const next = await lookupCheckout(id);
      return next.kind === "found" ? next.view : null;
    },
    signal: request.signal,
    onError: (error) => log.warn("checkout.events.failed", { error: error instanceof Error ? error.message : String(error) }),
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: Next's gzip (and proxies) would otherwise hold the events back.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
