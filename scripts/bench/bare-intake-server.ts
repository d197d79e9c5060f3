// The work's ceiling for the intake benchmark: a bare node:http handler doing only what a notification
// must cost, on the same kind of database with the same durability: store the raw body (INSERT, its
// own commit, as the console stores first), decode the form, verify RSA2 by rule V1 with a key object
// parsed once, and mark the order paid (one conditional UPDATE). No framework, no ORM, no checks beyond
// the signature and the update's row count. Run as its own process (its own event loop), like the app:
//   BARE_PORT BARE_DATABASE_URL BARE_ALIPAY_PUBLIC_KEY BARE_ORDERS BARE_ORDER_PREFIX \
//     node --import tsx scripts/bench/bare-intake-server.ts
// A GET answers the durability settings of its own connection and the number of orders paid, as JSON.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Database from "better-sqlite3";
import pg from "pg";
import { decodeForm } from "@/lib/alipay/form";
import { loadPublicKey } from "@/lib/alipay/keys";
import { verifyNotifySignature } from "@/lib/alipay/notify";
import { databaseProvider, pgConnectionString, sqliteFilePath } from "@/prisma/database-url";

const ORDER_PREFIX = process.env.BARE_ORDER_PREFIX ?? "F";
const FLOOR_SCHEMA = "bench_floor";

type FloorStore = {
  insertRaw(body: Buffer): Promise<number>;
  /** PENDING → PAID, once; false when the order is unknown or already paid. */
  markPaid(outTradeNo: string, tradeNo: string, notificationId: number): Promise<boolean>;
  settings(): Promise<Record<string, string>>;
  countPaid(): Promise<number>;
};

function sqliteStore(file: string, orders: number): FloorStore {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(`
    DROP TABLE IF EXISTS floor_notification; DROP TABLE IF EXISTS floor_order;
    CREATE TABLE floor_notification (id INTEGER PRIMARY KEY AUTOINCREMENT, received_at INTEGER NOT NULL, raw_body BLOB NOT NULL, body_size INTEGER NOT NULL);
    CREATE TABLE floor_order (out_trade_no TEXT PRIMARY KEY, status TEXT NOT NULL, trade_no TEXT, notification_id INTEGER, paid_at INTEGER);`);
  const seed = db.prepare("INSERT INTO floor_order (out_trade_no, status) VALUES (?, 'PENDING')");
  db.transaction(() => {
    for (let i = 0; i < orders; i++) seed.run(`${ORDER_PREFIX}${i}`);
  })();
  const insert = db.prepare("INSERT INTO floor_notification (received_at, raw_body, body_size) VALUES (?, ?, ?)");
  const update = db.prepare("UPDATE floor_order SET status = 'PAID', trade_no = ?, notification_id = ?, paid_at = ? WHERE out_trade_no = ? AND status = 'PENDING'");
  return {
    insertRaw: async (body) => Number(insert.run(Date.now(), body, body.length).lastInsertRowid),
    markPaid: async (outTradeNo, tradeNo, id) => update.run(tradeNo, id, Date.now(), outTradeNo).changes === 1,
    settings: async () => ({ journal_mode: String(db.pragma("journal_mode", { simple: true })), synchronous: String(db.pragma("synchronous", { simple: true })) }),
    countPaid: async () => Number(db.prepare("SELECT count(*) FROM floor_order WHERE status = 'PAID'").pluck().get()),
  };
}

async function postgresStore(url: string, orders: number): Promise<FloorStore> {
  const pool = new pg.Pool({ connectionString: pgConnectionString(url), max: 10 });
  await pool.query(`
    DROP SCHEMA IF EXISTS ${FLOOR_SCHEMA} CASCADE; CREATE SCHEMA ${FLOOR_SCHEMA};
    CREATE TABLE ${FLOOR_SCHEMA}.notification (id SERIAL PRIMARY KEY, received_at TIMESTAMPTZ NOT NULL, raw_body BYTEA NOT NULL, body_size INTEGER NOT NULL);
    CREATE TABLE ${FLOOR_SCHEMA}.orders (out_trade_no TEXT PRIMARY KEY, status TEXT NOT NULL, trade_no TEXT, notification_id INTEGER, paid_at TIMESTAMPTZ);
    INSERT INTO ${FLOOR_SCHEMA}.orders (out_trade_no, status) SELECT '${ORDER_PREFIX}' || i, 'PENDING' FROM generate_series(0, ${orders - 1}) AS i;`);
  const show = async (name: string) => String((await pool.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name]);
  return {
    async insertRaw(body) {
      const { rows } = await pool.query<{ id: number }>(`INSERT INTO ${FLOOR_SCHEMA}.notification (received_at, raw_body, body_size) VALUES (now(), $1, $2) RETURNING id`, [body, body.length]);
      return rows[0]!.id;
    },
    async markPaid(outTradeNo, tradeNo, id) {
      const { rowCount } = await pool.query(
        `UPDATE ${FLOOR_SCHEMA}.orders SET status = 'PAID', trade_no = $1, notification_id = $2, paid_at = now() WHERE out_trade_no = $3 AND status = 'PENDING'`,
        [tradeNo, id, outTradeNo],
      );
      return rowCount === 1;
    },
    settings: async () => ({ synchronous_commit: await show("synchronous_commit"), fsync: await show("fsync"), full_page_writes: await show("full_page_writes") }),
    countPaid: async () => Number((await pool.query<{ count: string }>(`SELECT count(*) FROM ${FLOOR_SCHEMA}.orders WHERE status = 'PAID'`)).rows[0]!.count),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function handle(store: FloorStore, publicKey: ReturnType<typeof loadPublicKey>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "GET") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ ...(await store.settings()), paid: String(await store.countPaid()) }));
    return;
  }
  const body = await readBody(req);
  const id = await store.insertRaw(body);
  let ok = false;
  try {
    const { params, charset } = decodeForm(body);
    ok = verifyNotifySignature(params, publicKey, charset).verdict === "VALID" && (await store.markPaid(params.out_trade_no ?? "", params.trade_no ?? "", id));
  } catch {
    ok = false;
  }
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(ok ? "success" : "failure");
}

async function main(): Promise<void> {
  const url = process.env.BARE_DATABASE_URL!;
  const orders = Number(process.env.BARE_ORDERS ?? 10_000);
  const publicKey = loadPublicKey(process.env.BARE_ALIPAY_PUBLIC_KEY!);
  const store = databaseProvider(url) === "sqlite" ? sqliteStore(sqliteFilePath(url, process.cwd()), orders) : await postgresStore(url, orders);
  const server = createServer((req, res) => {
    handle(store, publicKey, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(`failure: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.BARE_PORT), "127.0.0.1");
  process.once("SIGTERM", () => server.close(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
