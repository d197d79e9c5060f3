// POST /api/console/reconciliation/exceptions/{id}/{resync|review|refund} – resolves a reconciliation
// exception: ask Alipay and run the day again (operator), review it with {"note"} (operator), or refund
// what is left of the payment (admin). Refusals are audited like the actions.
import { z } from "zod";
import { ApiError, json, readJson } from "@/lib/api/http";
import { recordAudit } from "@/lib/audit";
import { consoleRoute } from "@/lib/auth/console-route";
import { can } from "@/lib/auth/roles";
import { MAX_NOTE_LENGTH, refundException, resyncException, reviewException } from "@/lib/console/reconciliation-actions";
import { getPayments } from "@/lib/payments/context";

export const dynamic = "force-dynamic";

const reviewSchema = z.strictObject({ note: z.string().trim().min(1, "is required").max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`) });

export const POST = consoleRoute<{ id: string; how: string }>({ permission: "reconciliation.resolve" }, async (request, { operator, origin, params }) => {
  const action = { ctx: getPayments(), operator, origin };
  if (params.how === "resync") return json(await resyncException(action, params.id));
  if (params.how === "review") return json(await reviewException(action, params.id, (await readJson(request, reviewSchema)).note));
  if (params.how !== "refund") throw new ApiError(404, "NOT_FOUND", "Resolve by resync, review or refund");
  if (!can(operator.role, "order.refund")) {
    const actor = { id: operator.id, email: operator.email, role: operator.role };
    await recordAudit(action.ctx.db, { actor, origin, action: "reconciliation.resolve", outcome: "DENIED", target: { type: "reconciliation_exception", id: params.id }, detail: { how: "REFUND", needs: "admin" } });
    throw new ApiError(403, "FORBIDDEN", `Refunding needs the admin role; you are ${operator.role}`, { needs: "admin" });
  }
  return json(await refundException(action, params.id), 201);
});
