// A fresh PostgreSQL database for a test file, on the server lib/testing/global-setup.ts provides.
// Throws (so the test fails, never skips) when no PostgreSQL can be had.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

export type TestDatabase = { url: string; drop(): Promise<void> };

let serverUrl: Promise<string> | undefined;

/** The URL of the test PostgreSQL server (any database on it). */
export function getTestPostgresUrl(): Promise<string> {
  serverUrl ??= (async () => {
    const postgres = inject("postgres");
    if ("url" in postgres) return postgres.url;
    const response = await fetch(postgres.broker);
    const body = await response.text();
    if (!response.ok) throw new Error(`No PostgreSQL for the tests (set TEST_POSTGRES_URL to use a running one): ${body}`);
    return body;
  })();
  return serverUrl;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: await getTestPostgresUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named test_<random> and returns its URL; `drop()` removes it. */
export async function createTestPostgresDatabase(): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(await getTestPostgresUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
