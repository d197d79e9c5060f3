// POST /api/console/api-keys/{id}/revoke – the key stops working at once (admin).
import { json } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { revokeApiKeyFromConsole } from "@/lib/console/api-key-actions";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export const POST = consoleRoute<{ id: string }>({ permission: "api_keys.manage", audit: { action: "api_key.revoke", target: (p: { id: string }) => ({ type: "api_key", id: p.id }) } }, async (_request, { operator, origin, params }) => {
  await revokeApiKeyFromConsole(getDb(), params.id, { operator, origin });
  return json({ revoked: true });
});
