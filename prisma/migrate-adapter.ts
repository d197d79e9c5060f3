// The driver adapters the Prisma CLI (migrate deploy / status / diff) uses, built from DATABASE_URL.
// PostgreSQL uses @prisma/adapter-pg 7.10 (the `@prisma/adapter-pg-cli` alias) with separate fields:
// 6.19.3's adapter fails `migrate deploy` ("Column type 'name' could not be deserialized", prisma/orm#27403).
import { fileURLToPath } from "node:url";
import type { PrismaConfig } from "prisma/config";
import { DEFAULT_DATABASE_URL, type DatabaseProvider, databaseProvider, pgConnection, sqliteFilePath } from "./database-url";

type MigrateAdapter = Awaited<ReturnType<Extract<PrismaConfig, { engine: "js" }>["adapter"]>>;

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

export async function createMigrateAdapter(provider: DatabaseProvider): Promise<MigrateAdapter> {
  const url = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  if (databaseProvider(url) !== provider) {
    throw new Error(`DATABASE_URL is a ${databaseProvider(url)} URL, but this is the ${provider} Prisma config`);
  }
  // Imported on demand: @prisma/adapter-pg-cli is a devDependency, and SQLite must migrate without it.
  if (provider === "sqlite") {
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: sqliteFilePath(url, PROJECT_ROOT) });
  }
  const { PrismaPg } = await import("@prisma/adapter-pg-cli");
  const { schema, ...connection } = pgConnection(url);
  // allowExitOnIdle: the CLI never closes its pool, and would otherwise wait for pg's idle timeout (10 s).
  const factory = new PrismaPg({ ...connection, allowExitOnIdle: true }, { schema });
  // The adapter runs a migration by splitting it on every ";" and sending the pieces one by one, on any
  // pooled connection: that breaks function bodies (prisma/postgresql/integrity.sql) and applies half a
  // migration when a statement fails. One simple-protocol query runs the whole script, atomically.
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    adapter.executeScript = async (script: string) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        (adapter as unknown as { onError(error: unknown): never }).onError(error);
      }
    };
    return adapter;
  };
  // The 7.x adapter implements the same factory interface as 6.19's, declared by a different package version.
  return factory as unknown as MigrateAdapter;
}
