// POST /api/console/alerts/{id}/{acknowledge|resolve} – an operator takes an alert ("I am on it") or
// resolves it with {"note"}; audited.
import { z } from "zod";
import { ApiError, json, readJson } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { acknowledgeAlert, resolveAlert } from "@/lib/console/alert-actions";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

const resolveSchema = z.strictObject({ note: z.string().trim().min(1, "is required").max(500, "must be at most 500 characters") });

export const POST = consoleRoute<{ id: string; how: string }>({ permission: "alert.handle", audit: { action: "alert.resolve", target: (p: { id: string }) => ({ type: "alert", id: p.id }) } }, async (request, { operator, origin, params }) => {
  const action = { db: getDb(), operator, origin, now: new Date() };
  if (params.how === "acknowledge") await acknowledgeAlert(action, params.id);
  else if (params.how === "resolve") await resolveAlert(action, params.id, (await readJson(request, resolveSchema)).note);
  else throw new ApiError(404, "NOT_FOUND", "Acknowledge or resolve an alert");
  return json({ ok: true });
});
