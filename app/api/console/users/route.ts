// POST /api/console/users – a new account (admin). Its password is generated, returned once, and
// only its hash is kept; the admin hands it on.
import { z } from "zod";
import { json, readJson } from "@/lib/api/http";
import { consoleRoute } from "@/lib/auth/console-route";
import { generatePassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/roles";
import { createUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

const newUserSchema = z.object({ email: z.string().trim().min(1).max(254), name: z.string().trim().max(100).optional(), role: z.enum(ROLES) });

export const POST = consoleRoute({ permission: "users.manage", audit: { action: "user.create" } }, async (request, { operator, origin }) => {
  const input = await readJson(request, newUserSchema);
  const password = generatePassword();
  const user = await createUser(getDb(), { ...input, password }, { actor: { id: operator.id, email: operator.email, role: operator.role }, origin });
  return json({ user: { id: user.id, email: user.email, name: user.name, role: user.role }, password }, 201);
});
