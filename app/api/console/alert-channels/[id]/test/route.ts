// POST /api/console/alert-channels/{id}/test – sends a test message to the robot and says what it answered.
import { json } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { testChannel } from "@/lib/console/alert-actions";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export const POST = consoleRoute<{ id: string }>({ permission: "settings.manage", audit: { action: "alert.channel_test", target: (p: { id: string }) => ({ type: "alert_channel", id: p.id }) } }, async (_request, { operator, origin, params }) => {
  return json(await testChannel({ db: getDb(), operator, origin, now: new Date() }, params.id));
});
