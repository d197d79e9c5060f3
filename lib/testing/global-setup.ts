// Vitest global setup: PostgreSQL for the tests that need it (lib/testing/pg-database.ts).
// TEST_POSTGRES_URL, when set, is used as is. Otherwise a throwaway cluster (scripts/pg-cluster.mjs) is
// started on the first request from a test worker, through a small HTTP endpoint, and stopped at
// teardown: runs without PostgreSQL tests never start one.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { type ThrowawayPostgres, startThrowawayPostgres } from "../../scripts/pg-cluster.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** The server to use (`url`), or where to ask for one (`broker`: GET returns the URL, 500 the error). */
    postgres: { url: string } | { broker: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configured = process.env.TEST_POSTGRES_URL?.trim();
  if (configured) {
    project.provide("postgres", { url: configured });
    return async () => {};
  }

  let cluster: Promise<ThrowawayPostgres> | undefined;
  const server = http.createServer((_request, response) => {
    cluster ??= startThrowawayPostgres();
    cluster.then(
      ({ url }) => response.end(url),
      (error: Error) => {
        response.statusCode = 500;
        response.end(error.message);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("postgres", { broker: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });

  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await (await cluster?.catch(() => undefined))?.stop();
  };
}
