// POST /api/console/alert-rules/{rule} – an admin sets a rule's threshold, window and whether it runs.
import { z } from "zod";
import { ApiError, json, readJson } from "@/lib/api/http";
import { isAlertRule } from "@/lib/alerts/rules";
import { consoleRoute } from "@/lib/auth/console-route";
import { updateRule } from "@/lib/console/alert-actions";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

const ruleSchema = z.strictObject({
  enabled: z.boolean(),
  threshold: z.number().int("must be a whole number").min(1, "must be at least 1").max(100_000_000),
  windowMinutes: z.number().int("must be a whole number").min(1, "must be at least 1").max(7 * 24 * 60, "must be at most a week"),
});

export const POST = consoleRoute<{ rule: string }>({ permission: "settings.manage", audit: { action: "alert.rule_update", target: (p: { rule: string }) => ({ type: "alert_rule", id: p.rule }) } }, async (request, { operator, origin, params }) => {
  if (!isAlertRule(params.rule)) throw new ApiError(404, "NOT_FOUND", "No such alert rule");
  await updateRule({ db: getDb(), operator, origin, now: new Date() }, params.rule, await readJson(request, ruleSchema));
  return json({ ok: true });
});
