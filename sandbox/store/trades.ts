// Trades: exist from the buyer's scan on (WAIT_BUYER_PAY), and their refunds.
import { sql, type SandboxDb } from "./db";

export type TradeStatus = "WAIT_BUYER_PAY" | "TRADE_SUCCESS" | "TRADE_FINISHED" | "TRADE_CLOSED";

export type TradeRow = {
  trade_no: string;
  precreate_id: number;
  app_id: string;
  out_trade_no: string;
  status: TradeStatus;
  total_amount: number;
  buyer_id: string;
  buyer_logon_id: string;
  refund_fee: number;
  gmt_create: number;
  gmt_payment: number | null;
  gmt_close: number | null;
  updated_at: number;
};

export type RefundRow = {
  id: number;
  trade_no: string;
  out_request_no: string;
  refund_amount: number;
  refund_reason: string | null;
  gmt_refund_pay: number;
  /** The refund request's own notify_url, if it gave one (§1.2): its notification goes there. */
  notify_url: string | null;
};

export function findTrade(db: SandboxDb, appId: string, ref: { tradeNo?: string; outTradeNo?: string }): TradeRow | undefined {
  if (ref.tradeNo) {
    return sql(db, "SELECT * FROM trades WHERE app_id = ? AND trade_no = ?").get(appId, ref.tradeNo) as TradeRow | undefined;
  }
  return sql(db, "SELECT * FROM trades WHERE app_id = ? AND out_trade_no = ?").get(appId, ref.outTradeNo) as TradeRow | undefined;
}

export function findTradeByPrecreate(db: SandboxDb, precreateId: number): TradeRow | undefined {
  return sql(db, "SELECT * FROM trades WHERE precreate_id = ?").get(precreateId) as TradeRow | undefined;
}

export function insertTrade(db: SandboxDb, row: Omit<TradeRow, "refund_fee" | "gmt_payment" | "gmt_close" | "updated_at">): TradeRow {
  sql(db, 
    `INSERT INTO trades (trade_no, precreate_id, app_id, out_trade_no, status, total_amount, buyer_id, buyer_logon_id, gmt_create, updated_at)
     VALUES (@trade_no, @precreate_id, @app_id, @out_trade_no, @status, @total_amount, @buyer_id, @buyer_logon_id, @gmt_create, @gmt_create)`,
  ).run(row);
  return findTrade(db, row.app_id, { tradeNo: row.trade_no })!;
}

/**
 * Adds a refund to a paid trade in one conditional update: the database itself refuses a refund_fee
 * above the total, whatever the caller read before. Closes the trade when it is refunded in full.
 */
export function addRefundFee(db: SandboxDb, tradeNo: string, amount: number, at: number): boolean {
  return (
    sql(db,
      `UPDATE trades SET refund_fee = refund_fee + @amount,
         status = CASE WHEN refund_fee + @amount = total_amount THEN 'TRADE_CLOSED' ELSE status END,
         gmt_close = CASE WHEN refund_fee + @amount = total_amount THEN @at ELSE gmt_close END, updated_at = @at
       WHERE trade_no = @tradeNo AND status = 'TRADE_SUCCESS' AND refund_fee + @amount <= total_amount`,
    ).run({ tradeNo, amount, at }).changes === 1
  );
}

/** Moves a trade from one status to another; false when it was no longer in `from` (a race lost). */
export function transitionTrade(
  db: SandboxDb,
  tradeNo: string,
  from: TradeStatus,
  to: TradeStatus,
  fields: { gmt_payment?: number; gmt_close?: number },
  at: number,
): boolean {
  const info = sql(db, 
      `UPDATE trades SET status = @to, gmt_payment = COALESCE(@gmt_payment, gmt_payment), gmt_close = COALESCE(@gmt_close, gmt_close),
         updated_at = @at
       WHERE trade_no = @tradeNo AND status = @from`,
    )
    .run({ tradeNo, from, to, at, gmt_payment: fields.gmt_payment ?? null, gmt_close: fields.gmt_close ?? null });
  return info.changes === 1;
}

export function listTrades(db: SandboxDb, filter: { status?: string; outTradeNo?: string; limit: number }): TradeRow[] {
  return sql(db, 
      `SELECT * FROM trades WHERE (@status IS NULL OR status = @status) AND (@outTradeNo IS NULL OR out_trade_no = @outTradeNo)
       ORDER BY gmt_create DESC LIMIT @limit`,
    )
    .all({ status: filter.status ?? null, outTradeNo: filter.outTradeNo ?? null, limit: filter.limit }) as TradeRow[];
}

export function findRefund(db: SandboxDb, tradeNo: string, outRequestNo: string): RefundRow | undefined {
  return sql(db, "SELECT * FROM refunds WHERE trade_no = ? AND out_request_no = ?").get(tradeNo, outRequestNo) as RefundRow | undefined;
}

export function listRefunds(db: SandboxDb, tradeNo: string): RefundRow[] {
  return sql(db, "SELECT * FROM refunds WHERE trade_no = ? ORDER BY id").all(tradeNo) as RefundRow[];
}

export function insertRefund(db: SandboxDb, row: Omit<RefundRow, "id">): RefundRow {
  const info = sql(db, 
      `INSERT INTO refunds (trade_no, out_request_no, refund_amount, refund_reason, gmt_refund_pay, notify_url)
       VALUES (@trade_no, @out_request_no, @refund_amount, @refund_reason, @gmt_refund_pay, @notify_url)`,
    )
    .run(row);
  return sql(db, "SELECT * FROM refunds WHERE id = ?").get(info.lastInsertRowid) as RefundRow;
}

/** Trades still waiting for payment past their deadline: the QR's timeout, which is the latest payment time (§3.1). */
export function listExpiredWaiting(db: SandboxDb, now: number): Array<TradeRow & { deadline: number }> {
  return sql(db, 
      `SELECT t.*, MIN(p.qr_expires_at, p.trade_expires_at) AS deadline FROM trades t JOIN precreates p ON p.id = t.precreate_id
       WHERE t.status = 'WAIT_BUYER_PAY' AND MIN(p.qr_expires_at, p.trade_expires_at) <= ? LIMIT 500`,
    )
    .all(now) as Array<TradeRow & { deadline: number }>;
}
