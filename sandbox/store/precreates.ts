// Precreated orders: what `alipay.trade.precreate` stored. Not a trade until a buyer scans (§3.1).
import { sql, type SandboxDb } from "./db";

export type PrecreateRow = {
  id: number;
  app_id: string;
  out_trade_no: string;
  total_amount: number;
  subject: string;
  body: string | null;
  seller_id: string;
  store_id: string | null;
  operator_id: string | null;
  terminal_id: string | null;
  biz_fingerprint: string;
  notify_url: string | null;
  charset: string;
  passback_params: string | null;
  qr_code: string;
  qr_token: string;
  qr_expires_at: number;
  trade_expires_at: number;
  voided: number;
  created_at: number;
  updated_at: number;
};

export type NewPrecreate = Omit<PrecreateRow, "id" | "voided" | "updated_at">;

export function findPrecreate(db: SandboxDb, appId: string, outTradeNo: string): PrecreateRow | undefined {
  return sql(db, "SELECT * FROM precreates WHERE app_id = ? AND out_trade_no = ?").get(appId, outTradeNo) as PrecreateRow | undefined;
}

export function findPrecreateById(db: SandboxDb, id: number): PrecreateRow | undefined {
  return sql(db, "SELECT * FROM precreates WHERE id = ?").get(id) as PrecreateRow | undefined;
}

export function findPrecreateByToken(db: SandboxDb, token: string): PrecreateRow | undefined {
  return sql(db, "SELECT * FROM precreates WHERE qr_token = ?").get(token) as PrecreateRow | undefined;
}

export function insertPrecreate(db: SandboxDb, row: NewPrecreate): PrecreateRow {
  const info = sql(db, 
      `INSERT INTO precreates (app_id, out_trade_no, total_amount, subject, body, seller_id, store_id, operator_id, terminal_id,
         biz_fingerprint, notify_url, charset, passback_params, qr_code, qr_token, qr_expires_at, trade_expires_at, created_at, updated_at)
       VALUES (@app_id, @out_trade_no, @total_amount, @subject, @body, @seller_id, @store_id, @operator_id, @terminal_id,
         @biz_fingerprint, @notify_url, @charset, @passback_params, @qr_code, @qr_token, @qr_expires_at, @trade_expires_at, @created_at, @created_at)`,
    )
    .run(row);
  return { ...row, id: Number(info.lastInsertRowid), voided: 0, updated_at: row.created_at };
}

/** Replaces an unscanned precreate's parameters and QR (precreate again before any scan, §3.1). */
export function replacePrecreate(db: SandboxDb, id: number, row: NewPrecreate): PrecreateRow {
  sql(db, 
    `UPDATE precreates SET total_amount = @total_amount, subject = @subject, body = @body, seller_id = @seller_id,
       store_id = @store_id, operator_id = @operator_id, terminal_id = @terminal_id, biz_fingerprint = @biz_fingerprint,
       notify_url = @notify_url, charset = @charset, passback_params = @passback_params, qr_code = @qr_code, qr_token = @qr_token,
       qr_expires_at = @qr_expires_at, trade_expires_at = @trade_expires_at, voided = 0, created_at = @created_at, updated_at = @created_at
     WHERE id = @id`,
  ).run({ ...row, id });
  return findPrecreateById(db, id)!;
}

export function voidPrecreate(db: SandboxDb, id: number, at: number): void {
  sql(db, "UPDATE precreates SET voided = 1, updated_at = ? WHERE id = ?").run(at, id);
}

/** The most recently touched precreates, scanned or not (a trade's changes count as touches). */
export function listPrecreates(db: SandboxDb, appId: string, limit: number): PrecreateRow[] {
  return sql(
    db,
    `SELECT p.* FROM precreates p LEFT JOIN trades t ON t.precreate_id = p.id
     WHERE p.app_id = ? ORDER BY MAX(p.updated_at, COALESCE(t.updated_at, 0)) DESC, p.id DESC LIMIT ?`,
  ).all(appId, limit) as PrecreateRow[];
}
