// API keys for /api/v1: `afc_` + 32 random bytes (base64url). Only a SHA-256 of the key is stored (the
// key is high-entropy, so a slow hash adds nothing), with a short prefix to tell keys apart.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { newRowId } from "./ids";
import { transaction } from "./store";

const PREFIX = "afc_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export async function createApiKey(db: Db, name: string): Promise<{ id: string; name: string; key: string; prefix: string }> {
  const trimmed = name.trim();
  if (trimmed === "" || trimmed.length > 100) throw new Error("An API key needs a name of 1 to 100 characters");
  const key = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const prefix = key.slice(0, PREFIX.length + 8);
  const id = newRowId();
  await transaction(db, (tx) => tx.apiKey.create({ data: { id, name: trimmed, prefix, hash: hashApiKey(key) } }));
  return { id, name: trimmed, key, prefix };
}

export type ApiKeyIdentity = { id: string; name: string };

/** The key's identity when it is valid and not revoked; null otherwise. Records when it was last used. */
export async function authenticateApiKey(db: Db, key: string): Promise<ApiKeyIdentity | null> {
  if (!key.startsWith(PREFIX) || key.length > 200) return null;
  const row = await db.apiKey.findUnique({ where: { hash: hashApiKey(key) } });
  if (!row || row.revokedAt) return null;
  const now = new Date();
  // At most once a minute: a key used for every request must not turn every read into a write.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await transaction(db, (tx) => tx.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } })).catch(() => {});
  }
  return { id: row.id, name: row.name };
}

export async function listApiKeys(db: Db) {
  return db.apiKey.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } });
}

export async function revokeApiKey(db: Db, idOrPrefix: string): Promise<boolean> {
  const { count } = await transaction(db, (tx) =>
    tx.apiKey.updateMany({ where: { OR: [{ id: idOrPrefix }, { prefix: idOrPrefix }], revokedAt: null }, data: { revokedAt: new Date() } }),
  );
  return count > 0;
}
