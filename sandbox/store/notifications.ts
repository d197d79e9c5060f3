// Notifications the sandbox owes merchants, and every delivery attempt with what came back.
import { sql, type SandboxDb } from "./db";

export type NotificationStatus = "PENDING" | "HELD" | "SENDING" | "DELIVERED" | "FAILED" | "SUPPRESSED";
export type AttemptOutcome = "ACKED" | "REJECTED" | "ERROR" | "DROPPED";

export type NotificationRow = {
  id: number;
  trade_no: string;
  out_trade_no: string;
  notify_id: string;
  trade_status: string;
  event: string;
  notify_url: string;
  charset: string;
  params: string;
  faults: string;
  status: NotificationStatus;
  attempts: number;
  extra_copies: number;
  drop_attempts: number;
  next_attempt_at: number | null;
  created_at: number;
  delivered_at: number | null;
};

export type AttemptRow = {
  id: number;
  notification_id: number;
  attempt_no: number;
  copy: number;
  started_at: number;
  latency_ms: number | null;
  http_status: number | null;
  response_body: string | null;
  error: string | null;
  outcome: AttemptOutcome;
  request_body: string;
};

export type NewNotification = Omit<NotificationRow, "id" | "attempts" | "delivered_at">;

export function insertNotification(db: SandboxDb, row: NewNotification): NotificationRow {
  const info = sql(db, 
      `INSERT INTO notifications (trade_no, out_trade_no, notify_id, trade_status, event, notify_url, charset, params, faults, status,
         extra_copies, drop_attempts, next_attempt_at, created_at)
       VALUES (@trade_no, @out_trade_no, @notify_id, @trade_status, @event, @notify_url, @charset, @params, @faults, @status,
         @extra_copies, @drop_attempts, @next_attempt_at, @created_at)`,
    )
    .run(row);
  return getNotification(db, Number(info.lastInsertRowid))!;
}

export function getNotification(db: SandboxDb, id: number): NotificationRow | undefined {
  return sql(db, "SELECT * FROM notifications WHERE id = ?").get(id) as NotificationRow | undefined;
}

export function listNotifications(db: SandboxDb, filter: { outTradeNo?: string; status?: string; limit: number }): NotificationRow[] {
  return sql(db, 
      `SELECT * FROM notifications WHERE (@outTradeNo IS NULL OR out_trade_no = @outTradeNo) AND (@status IS NULL OR status = @status)
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({ outTradeNo: filter.outTradeNo ?? null, status: filter.status ?? null, limit: filter.limit }) as NotificationRow[];
}

/** Claims due notifications: they are SENDING until their attempt is recorded. */
export function claimDue(db: SandboxDb, now: number, limit: number): NotificationRow[] {
  // One statement per status, so that the (status, next_attempt_at) index yields rows in order.
  const claim = sql(
    db,
    `UPDATE notifications SET status = 'SENDING' WHERE id IN (
       SELECT id FROM notifications WHERE status = ? AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?)
     RETURNING *`,
  );
  const rows = claim.all("PENDING", now, limit) as NotificationRow[];
  if (rows.length < limit) rows.push(...(claim.all("HELD", now, limit - rows.length) as NotificationRow[]));
  return rows;
}

/** After a restart, what was in flight is sent again: the merchant never acknowledged it. */
export function recoverSending(db: SandboxDb): number {
  return sql(db, "UPDATE notifications SET status = 'PENDING' WHERE status = 'SENDING'").run().changes;
}

export function nextDueAt(db: SandboxDb): number | null {
  const row = sql(
    db,
    "SELECT MIN(at) AS at FROM (SELECT MIN(next_attempt_at) AS at FROM notifications WHERE status = 'PENDING' UNION ALL SELECT MIN(next_attempt_at) FROM notifications WHERE status = 'HELD')",
  ).get() as { at: number | null };
  return row.at;
}

export function recordAttempt(db: SandboxDb, attempt: Omit<AttemptRow, "id">): void {
  sql(db, 
    `INSERT INTO attempts (notification_id, attempt_no, copy, started_at, latency_ms, http_status, response_body, error, outcome, request_body)
     VALUES (@notification_id, @attempt_no, @copy, @started_at, @latency_ms, @http_status, @response_body, @error, @outcome, @request_body)`,
  ).run(attempt);
}

export function finishAttempt(
  db: SandboxDb,
  id: number,
  update: { attempts: number; status: NotificationStatus; nextAttemptAt: number | null; deliveredAt: number | null },
): void {
  sql(db, 
    `UPDATE notifications SET attempts = @attempts, status = @status, next_attempt_at = @nextAttemptAt,
       delivered_at = COALESCE(delivered_at, @deliveredAt) WHERE id = @id`,
  ).run({ id, ...update });
}

/** Sends a notification again now (the "notify again" button): continues its attempt count. */
export function requeue(db: SandboxDb, id: number, now: number): boolean {
  return (
    sql(db, "UPDATE notifications SET status = 'PENDING', next_attempt_at = ? WHERE id = ? AND status NOT IN ('SUPPRESSED', 'SENDING')")
      .run(now, id).changes === 1
  );
}

/** Releases notifications held back for "out of order" once a later one of the same trade went out. */
export function releaseHeld(db: SandboxDb, tradeNo: string, exceptId: number, now: number): number {
  return sql(db, "UPDATE notifications SET status = 'PENDING', next_attempt_at = ? WHERE trade_no = ? AND status = 'HELD' AND id != ?")
    .run(now, tradeNo, exceptId).changes;
}

export function listAttempts(db: SandboxDb, notificationId: number): AttemptRow[] {
  return sql(db, "SELECT * FROM attempts WHERE notification_id = ? ORDER BY id").all(notificationId) as AttemptRow[];
}
