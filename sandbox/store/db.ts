// The sandbox's state: its own SQLite file (better-sqlite3), separate from the app's database.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";

export type SandboxDb = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS precreates (
  id INTEGER PRIMARY KEY,
  app_id TEXT NOT NULL,
  out_trade_no TEXT NOT NULL,
  total_amount INTEGER NOT NULL,
  subject TEXT NOT NULL,
  body TEXT,
  seller_id TEXT NOT NULL,
  store_id TEXT,
  operator_id TEXT,
  terminal_id TEXT,
  biz_fingerprint TEXT NOT NULL,
  notify_url TEXT,
  charset TEXT NOT NULL,
  passback_params TEXT,
  qr_code TEXT NOT NULL,
  qr_token TEXT NOT NULL UNIQUE,
  qr_expires_at INTEGER NOT NULL,
  trade_expires_at INTEGER NOT NULL,
  voided INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (app_id, out_trade_no)
);
CREATE TABLE IF NOT EXISTS trades (
  trade_no TEXT PRIMARY KEY,
  precreate_id INTEGER NOT NULL UNIQUE REFERENCES precreates(id),
  app_id TEXT NOT NULL,
  out_trade_no TEXT NOT NULL,
  status TEXT NOT NULL,
  total_amount INTEGER NOT NULL,
  buyer_id TEXT NOT NULL,
  buyer_logon_id TEXT NOT NULL,
  refund_fee INTEGER NOT NULL DEFAULT 0,
  gmt_create INTEGER NOT NULL,
  gmt_payment INTEGER,
  gmt_close INTEGER,
  updated_at INTEGER NOT NULL,
  UNIQUE (app_id, out_trade_no)
);
CREATE INDEX IF NOT EXISTS trades_status ON trades (status);
CREATE TABLE IF NOT EXISTS refunds (
  id INTEGER PRIMARY KEY,
  trade_no TEXT NOT NULL REFERENCES trades(trade_no),
  out_request_no TEXT NOT NULL,
  refund_amount INTEGER NOT NULL,
  refund_reason TEXT,
  gmt_refund_pay INTEGER NOT NULL,
  notify_url TEXT,
  UNIQUE (trade_no, out_request_no)
);
CREATE TABLE IF NOT EXISTS notifications (
  id INTEGER PRIMARY KEY,
  trade_no TEXT NOT NULL,
  out_trade_no TEXT NOT NULL,
  notify_id TEXT NOT NULL,
  trade_status TEXT NOT NULL,
  event TEXT NOT NULL,
  notify_url TEXT NOT NULL,
  charset TEXT NOT NULL,
  params TEXT NOT NULL,
  faults TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  extra_copies INTEGER NOT NULL DEFAULT 0,
  drop_attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS notifications_trade ON notifications (out_trade_no);
CREATE INDEX IF NOT EXISTS notifications_trade_no ON notifications (trade_no, status);
CREATE TABLE IF NOT EXISTS attempts (
  id INTEGER PRIMARY KEY,
  notification_id INTEGER NOT NULL REFERENCES notifications(id),
  attempt_no INTEGER NOT NULL,
  copy INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER NOT NULL,
  latency_ms INTEGER,
  http_status INTEGER,
  response_body TEXT,
  error TEXT,
  outcome TEXT NOT NULL,
  request_body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_notification ON attempts (notification_id);
CREATE TABLE IF NOT EXISTS faults (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  out_trade_no TEXT,
  method TEXT,
  params TEXT NOT NULL DEFAULT '{}',
  remaining INTEGER,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS bill_links (
  token TEXT PRIMARY KEY,
  bill_type TEXT NOT NULL,
  bill_date TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

/** Columns added after a data directory may have been created: added in place, nothing lost. */
function upgrade(db: SandboxDb): void {
  const columns = (db.prepare("PRAGMA table_info(refunds)").all() as Array<{ name: string }>).map((c) => c.name);
  if (!columns.includes("notify_url")) db.exec("ALTER TABLE refunds ADD COLUMN notify_url TEXT");
}

export function openSandboxDb(dataDir: string): SandboxDb {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, "sandbox.db"));
  db.pragma("journal_mode = WAL");
  // A test double of a payment service: a power cut may lose its last moments, and checkpoints then
  // never stall the event loop on fsync (which made writes the slowest part of a gateway call).
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = ON");
  db.exec(SCHEMA);
  upgrade(db);
  return db;
}

const statements = new WeakMap<SandboxDb, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per database: preparing on every call costs more than running. */
export function sql(db: SandboxDb, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}
