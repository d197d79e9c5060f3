// Requests of the public API, validated as Alipay would validate them (§3, §3.1, §3.3): amounts are
// yuan strings with up to two decimals, converted to integer fen here and nowhere else.
import { z } from "zod";
import { MAX_AMOUNT_FEN, MIN_AMOUNT_FEN, parseYuan } from "@/lib/money";

const amount = z
  .string({ error: "must be a yuan amount as a string, e.g. \"12.34\"" })
  .transform((text, ctx) => {
    const fen = parseYuan(text);
    if (fen === null || fen < MIN_AMOUNT_FEN || fen > MAX_AMOUNT_FEN) {
      ctx.addIssue({ code: "custom", message: "must be a yuan amount from 0.01 to 100000000.00 with at most two decimals" });
      return z.NEVER;
    }
    return fen;
  });

const identifier = z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "must be 1 to 64 letters, digits or underscores");
/** A store or till number as the shop knows it: it is sent to Alipay (≤ 32) and printed in the bill. */
const shopCode = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, "must be 1 to 32 letters, digits, dots, dashes or underscores");

export const createOrderSchema = z.strictObject({
  outTradeNo: identifier.optional(),
  amount,
  subject: z.string().trim().min(1, "is required").max(256, "must be at most 256 characters"),
  body: z.string().max(128, "must be at most 128 characters").optional(),
  timeoutMinutes: z.number().int("must be a whole number of minutes").min(1, "must be at least 1").max(120, "must be at most 120 (a QR lives 2 h at most)").optional(),
  returnUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(1024).optional(),
  storeId: shopCode.optional(),
  terminalId: shopCode.optional(),
});
export type CreateOrderInput = z.output<typeof createOrderSchema>;

export const refundSchema = z.strictObject({
  amount,
  reason: z.string().trim().max(256, "must be at most 256 characters").optional(),
  requestNo: identifier.optional(),
});
export type RefundInput = z.output<typeof refundSchema>;

/** Zod issues as API error details: `{ field: message }`. */
export function issueDetails(error: z.ZodError): Record<string, string> {
  const details: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "(body)";
    details[field] ??= issue.code === "unrecognized_keys" ? `unknown field(s): ${(issue as { keys: string[] }).keys.join(", ")}` : issue.message;
  }
  return details;
}
