// DATABASE_URL, understood the same way by the app (lib/db.ts), the Prisma CLI configs and the db:* scripts.
// Pure: no I/O, no env. `file:` selects SQLite, `postgresql://` or `postgres://` selects PostgreSQL.
import path from "node:path";
import { fileURLToPath } from "node:url";

export type DatabaseProvider = "sqlite" | "postgresql";

/** The embedded default; the same as in lib/env.ts. */
export const DEFAULT_DATABASE_URL = "file:./.data/console.db";

export function databaseProvider(url: string): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

/**
 * The absolute path of a SQLite file: URL (or `:memory:`). A relative path is relative to `root`, the
 * project root, whatever the current directory (Prisma's own rule, relative to the schema, does not
 * apply with driver adapters).
 */
export function sqliteFilePath(url: string, root: string): string {
  const location = url.slice("file:".length).replace(/\?.*$/, "");
  if (location === ":memory:") return location;
  if (location.startsWith("//")) return fileURLToPath(`file:${location}`);
  return path.resolve(root, location);
}

export type PgConnection = {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  ssl?: boolean;
  /** Prisma's `?schema=` parameter: the PostgreSQL schema the tables live in. */
  schema?: string;
};

/** A postgresql:// URL as separate fields, which the 7.x adapter used by the CLI needs (see stack-notes). */
export function pgConnection(url: string): PgConnection {
  const parsed = new URL(url);
  const sslmode = parsed.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(parsed.hostname) || "localhost",
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)),
    ssl: sslmode === null || sslmode === "disable" || sslmode === "prefer" ? undefined : true,
    schema: parsed.searchParams.get("schema") ?? undefined,
  };
}

/** The URL without Prisma's own `schema` parameter, which `pg` does not understand. */
export function pgConnectionString(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete("schema");
  return parsed.toString();
}

/** Where a URL points, for messages: host, port and database, or the file; never credentials. Never throws. */
export function describeDatabase(url: string, root: string): string {
  try {
    if (databaseProvider(url) === "sqlite") return sqliteFilePath(url, root);
    const { host, port, database } = pgConnection(url);
    return `${host}:${port}/${database}`;
  } catch {
    return "(an unparseable URL)";
  }
}

/** Removes the password of `url`, and any user:password@ of any URL, from a message. */
export function redactCredentials(message: string, url: string): string {
  let redacted = message.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@\s]*@/gi, "$1:***@");
  try {
    const password = new URL(url).password;
    for (const secret of new Set([password, decodeURIComponent(password)])) {
      if (secret.length > 0) redacted = redacted.split(secret).join("***");
    }
  } catch {
    // Not a parseable URL: the generic pattern above is all we can do.
  }
  return redacted;
}
