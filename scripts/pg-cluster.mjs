// A throwaway PostgreSQL 15 cluster for tests and local runs: a temporary data directory owned by the
// `postgres` OS user, a free TCP port on 127.0.0.1, a database `app`, and `stop()` that removes it all.
//   node scripts/pg-cluster.mjs   prints the URL on stdout, stops on Ctrl-C / SIGTERM
import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, chown, mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const OS_USER = "postgres";

async function osUser(name) {
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    throw new Error(`The OS user "${name}" does not exist: install the postgresql-15 package (it creates the user).`);
  }
}

async function checkBinaries() {
  for (const name of ["initdb", "pg_ctl", "postgres"]) {
    try {
      await access(path.join(PG_BIN, name), constants.X_OK);
    } catch {
      throw new Error(`PostgreSQL binary ${path.join(PG_BIN, name)} not found: install postgresql-15 or set PG_BIN.`);
    }
  }
}

/** Runs a PostgreSQL binary as the `postgres` user (initdb and postgres refuse to run as root). */
function asPostgres(user, binary, args) {
  const file = path.join(PG_BIN, binary);
  if (process.getuid?.() === user.uid) return run(file, args);
  if (process.getuid?.() !== 0) throw new Error(`Starting PostgreSQL needs root (for runuser) or the "${OS_USER}" user.`);
  return run("runuser", ["-u", OS_USER, "--", file, ...args]);
}

/** A port that was free a moment ago; `pg_ctl start` fails cleanly if another process takes it first. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function details(error) {
  return [error.message, error.stderr].filter(Boolean).join("\n").trim();
}

/**
 * Starts a fresh cluster and creates the database `app` in it.
 * @returns {Promise<{ url: string, port: number, dir: string, stop: () => Promise<void> }>}
 */
export async function startThrowawayPostgres() {
  await checkBinaries();
  const user = await osUser(OS_USER);
  const dir = await mkdtemp(path.join(os.tmpdir(), "pg-throwaway-"));
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "postgres.log");
  let started = false;

  const stop = async () => {
    if (started) {
      started = false;
      await asPostgres(user, "pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]).catch(() => {});
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await chown(dir, user.uid, user.gid);
    // --no-sync and the settings below trade durability for speed: this cluster is thrown away.
    await asPostgres(user, "initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
    let port = 0;
    for (let attempt = 1; !started; attempt++) {
      port = await freePort();
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await asPostgres(user, "pg_ctl", ["-D", dataDir, "-o", options, "-l", logFile, "-w", "-t", "60", "start"]);
        started = true;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    const admin = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
    await admin.connect();
    try {
      await admin.query("CREATE DATABASE app");
    } finally {
      await admin.end();
    }
    return { url: `postgresql://postgres@127.0.0.1:${port}/app`, port, dir, stop };
  } catch (error) {
    const log = await readFile(logFile, "utf8").catch(() => "");
    await stop();
    throw new Error(`Could not start a throwaway PostgreSQL: ${details(error)}${log ? `\n--- postgres.log ---\n${log.slice(-2000)}` : ""}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const cluster = await startThrowawayPostgres();
    console.log(cluster.url);
    console.error(`PostgreSQL running in ${cluster.dir}; Ctrl-C stops it and deletes the data.`);
    const shutdown = () => cluster.stop().finally(() => process.exit(0));
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
    setInterval(() => {}, 1 << 30);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
