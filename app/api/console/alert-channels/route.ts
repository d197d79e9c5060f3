// POST /api/console/alert-channels – an admin adds a DingTalk or WeCom group robot alerts are sent to.
import { z } from "zod";
import { json, readJson } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { createChannel } from "@/lib/console/alert-actions";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

const channelSchema = z.strictObject({
  kind: z.enum(["DINGTALK", "WECOM"]),
  name: z.string().trim().min(1, "is required").max(64, "must be at most 64 characters"),
  url: z.url({ protocol: /^https?$/, error: "must be the robot's http(s) webhook URL" }).max(1000),
  secret: z.string().trim().max(200).optional().transform((value) => value || null),
});

export const POST = consoleRoute({ permission: "settings.manage", audit: { action: "alert.channel_create" } }, async (request, { operator, origin }) => {
  const id = await createChannel({ db: getDb(), operator, origin, now: new Date() }, await readJson(request, channelSchema));
  return json({ id }, 201);
});
