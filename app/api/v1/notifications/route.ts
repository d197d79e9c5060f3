// GET /api/v1/notifications?outTradeNo=&signature=&outcome=&limit=&cursor= – the raw notification log, newest first.
import { z } from "zod";
import { ApiError, apiRoute, json } from "@/lib/api/http";
import { issueDetails } from "@/lib/payments/schemas";
import { listNotifications } from "@/lib/payments/queries";
import { notificationView } from "@/lib/payments/views";

export const dynamic = "force-dynamic";

const filterSchema = z.strictObject({
  outTradeNo: z.string().max(64).optional(),
  signature: z.enum(["VALID", "INVALID", "MISSING", "UNSUPPORTED_SIGN_TYPE", "MALFORMED"]).optional(),
  outcome: z.enum(["RECEIVED", "APPLIED", "DUPLICATE", "STALE", "REJECTED", "UNKNOWN_ORDER", "SELF_TEST", "ERROR"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.coerce.number().int().min(1).optional(),
});

export const GET = apiRoute(async (request, { ctx }) => {
  const parsed = filterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new ApiError(400, "INVALID_REQUEST", "Invalid query parameters", issueDetails(parsed.error));
  const { rows, nextCursor } = await listNotifications(ctx.db, parsed.data);
  return json({ notifications: rows.map(notificationView), nextCursor });
});
