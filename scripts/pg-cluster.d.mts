// Types of scripts/pg-cluster.mjs, for the TypeScript that imports it (vitest global setup, db:migration).
export type ThrowawayPostgres = {
  /** postgresql://postgres@127.0.0.1:<port>/app (trust authentication, no password). */
  url: string;
  port: number;
  /** The temporary directory holding the data directory, the socket and postgres.log. */
  dir: string;
  /** Stops the server (`pg_ctl stop -m fast`) and deletes the directory. */
  stop(): Promise<void>;
};

export function startThrowawayPostgres(): Promise<ThrowawayPostgres>;
