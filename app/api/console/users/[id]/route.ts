// POST /api/console/users/{id} – change an account (admin): its role, disabled or not, a new password
// (returned once). Its sessions end at once (lib/auth/manage-users.ts).
import { json, readJson } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { changeUser, userChangeSchema } from "@/lib/auth/manage-users";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export const POST = consoleRoute<{ id: string }>({ permission: "users.manage", audit: { action: "user.update", target: (p: { id: string }) => ({ type: "user", id: p.id }) } }, async (request, { operator, origin, params }) => {
  const change = await readJson(request, userChangeSchema);
  return json(await changeUser(getDb(), params.id, change, { operator, origin }));
});
