// POST /api/console/notifications/{id}/replay – {"mode":"dry_run"} shows what today's handler would do
// with the stored bytes (operator); {"mode":"apply"} takes them in again for real (admin).
import { z } from "zod";
import { ApiError, json, readJson } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { can } from "@/lib/auth/roles";
import { dryRunFromConsole, replayFromConsole } from "@/lib/console/notification-actions";
import { recordAudit } from "@/lib/audit";
import { getPayments } from "@/lib/payments/context";

export const dynamic = "force-dynamic";

const bodySchema = z.strictObject({ mode: z.enum(["dry_run", "apply"]) });

export const POST = consoleRoute<{ id: string }>({ permission: "notification.replay_dry_run" }, async (request, { operator, origin, params }) => {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw new ApiError(404, "NOT_FOUND", "No such notification");
  const { mode } = await readJson(request, bodySchema);
  const ctx = getPayments();
  if (mode === "dry_run") return json({ mode, result: await dryRunFromConsole({ ctx, operator, origin }, id) });
  if (!can(operator.role, "notification.replay")) {
    const actor = { id: operator.id, email: operator.email, role: operator.role };
    await recordAudit(ctx.db, { actor, origin, action: "notification.replay", outcome: "DENIED", target: { type: "notification", id: String(id) }, detail: { needs: "admin" } });
    throw new ApiError(403, "FORBIDDEN", `Replaying for real needs the admin role; you are ${operator.role}`, { needs: "admin" });
  }
  return json({ mode, result: await replayFromConsole({ ctx, operator, origin }, id) });
});
