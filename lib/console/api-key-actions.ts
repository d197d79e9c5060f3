// API keys from Settings (admin): made and shown once, revoked; each written to the audit log.
import "server-only";
import { recordAudit, type AuditOrigin } from "@/lib/audit";
import type { Operator } from "@/lib/auth/users";
import type { Db } from "@/lib/db";
import { createApiKey, revokeApiKey } from "@/lib/payments/api-keys";
import { PaymentError } from "@/lib/payments/errors";

type By = { operator: Operator; origin: AuditOrigin };
const actorOf = ({ operator }: By) => ({ id: operator.id, email: operator.email, role: operator.role });

/** The key itself is in the answer only: the audit log keeps its name and prefix. */
export async function createApiKeyFromConsole(db: Db, name: string, by: By) {
  const key = await createApiKey(db, name);
  await recordAudit(db, { actor: actorOf(by), origin: by.origin, action: "api_key.create", outcome: "OK", target: { type: "api_key", id: key.id }, after: { name: key.name, prefix: key.prefix } });
  return key;
}

export async function revokeApiKeyFromConsole(db: Db, id: string, by: By): Promise<void> {
  const key = await db.apiKey.findUnique({ where: { id }, select: { id: true, name: true, prefix: true, revokedAt: true } });
  if (!key) throw new PaymentError("NOT_FOUND", "No such API key", { id });
  if (key.revokedAt) throw new PaymentError("CONFLICT", "This API key is already revoked", { id });
  await revokeApiKey(db, id);
  await recordAudit(db, { actor: actorOf(by), origin: by.origin, action: "api_key.revoke", outcome: "OK", target: { type: "api_key", id }, before: { name: key.name, prefix: key.prefix, revoked: false }, after: { revoked: true } });
}
