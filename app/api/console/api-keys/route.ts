// POST /api/console/api-keys – a new key for /api/v1 (admin), in the answer once and never again.
import { z } from "zod";
import { json, readJson } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { createApiKeyFromConsole } from "@/lib/console/api-key-actions";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

const newKeySchema = z.object({ name: z.string().trim().min(1, "a name is required").max(100) });

export const POST = consoleRoute({ permission: "api_keys.manage", audit: { action: "api_key.create" } }, async (request, { operator, origin }) => {
  const { name } = await readJson(request, newKeySchema);
  const key = await createApiKeyFromConsole(getDb(), name, { operator, origin });
  return json({ apiKey: { id: key.id, name: key.name, prefix: key.prefix }, key: key.key }, 201);
});
