// DELETE /api/console/alert-channels/{id} – an admin removes a robot.
import { json } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { deleteChannel } from "@/lib/console/alert-actions";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export const DELETE = consoleRoute<{ id: string }>({ permission: "settings.manage", audit: { action: "alert.channel_delete", target: (p: { id: string }) => ({ type: "alert_channel", id: p.id }) } }, async (_request, { operator, origin, params }) => {
  await deleteChannel({ db: getDb(), operator, origin, now: new Date() }, params.id);
  return json({ ok: true });
});
