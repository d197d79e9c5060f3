// The HTTP side of the notification intake, shared by the Next route (app/api/alipay/notify) and the
// tests' plain server: read the body with a cap, hand the exact bytes over, answer `success` or
// `failure` as plain text (§4.1: 7 lowercase ASCII characters, nothing else).
import "server-only";
import type { PaymentsContext } from "./context";
import { receiveNotification } from "./notify";

/** Reads at most `cap` bytes and counts the rest (up to `hardLimit`, then stops reading). */
export async function readBodyCapped(body: ReadableStream<Uint8Array> | null, cap: number, hardLimit = 4 * 1024 * 1024): Promise<{ bytes: Buffer; size: number }> {
  if (!body) return { bytes: Buffer.alloc(0), size: 0 };
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (kept <= cap) {
      const take = value.subarray(0, Math.max(0, cap + 1 - kept));
      chunks.push(Buffer.from(take));
      kept += take.byteLength;
    }
    if (size > hardLimit) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  return { bytes: Buffer.concat(chunks), size };
}

function reply(body: "success" | "failure", status = 200): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/** The source address as the proxy in front reports it (the app itself sees only the proxy). */
export function sourceAddressOf(headers: Headers, fallback: string | null = null): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || headers.get("x-real-ip") || fallback)?.slice(0, 100) ?? null;
}

export async function handleNotifyRequest(ctx: PaymentsContext, request: Request, sourceAddress: string | null): Promise<Response> {
  const cap = ctx.settings.maxNotificationBytes;
  // A declared length within the cap (Alipay's case) is read in one go; anything else is read capped.
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  const { bytes, size } =
    Number.isSafeInteger(declared) && declared <= cap
      ? await request.arrayBuffer().then((buffer) => ({ bytes: Buffer.from(buffer), size: buffer.byteLength }))
      : await readBodyCapped(request.body, cap);
  // A body over the cap is stored cut short and marked truncated, with its real size.
  const received = await receiveNotification(ctx, { body: bytes, contentType: request.headers.get("content-type"), sourceAddress, declaredSize: size });
  if (!received.ok) return reply("failure", 500);
  return reply(received.result.reply);
}
