// POST /api/alipay/notify – Alipay's asynchronous notifications (lib/payments/notify.ts). The exact
// bytes are stored first; the answer is the plain text `success` or `failure`.
import { getDb } from "@/lib/db";
import { ConfigError } from "@/lib/env";
import { type PaymentsContext, getPayments } from "@/lib/payments/context";
import { handleNotifyRequest, readBodyCapped, sourceAddressOf } from "@/lib/payments/notify-http";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const source = sourceAddressOf(request.headers);
  let ctx: PaymentsContext;
  try {
    ctx = getPayments();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Not configured: nothing can be verified, but what arrived is kept, and Alipay will send it again.
    const { bytes, size } = await readBodyCapped(request.body, 64 * 1024);
    await getDb()
      .$transaction((tx) =>
        tx.notification.create({
          data: { rawBody: new Uint8Array(bytes), bodySize: size, truncated: size > bytes.length, contentType: request.headers.get("content-type"), sourceAddress: source, outcome: "ERROR", error: "the console's Alipay configuration is not valid", reply: "failure" },
        }),
      )
      .catch((dbError: Error) => log.error("alipay.notify.store_failed", { error: dbError.message }));
    return new Response("failure", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return handleNotifyRequest(ctx, request, source);
}
