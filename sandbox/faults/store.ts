// Stored faults: added through the API or CLI, consumed as they fire (`remaining` counts down).
import { sql, type SandboxDb } from "../store/db";
import { isBillFault, isGatewayFault, isNotifyFault, type FaultKind, type NewFault, type NotifyEvent } from "./kinds";

export type FaultRow = {
  id: number;
  kind: FaultKind;
  out_trade_no: string | null;
  method: string | null;
  params: string;
  remaining: number | null;
  created_at: number;
};

export type Fault = {
  id: number;
  kind: FaultKind;
  outTradeNo: string | null;
  method: string | null;
  event: NotifyEvent | null;
  params: Record<string, unknown>;
  remaining: number | null;
  createdAt: number;
};

function toFault(row: FaultRow): Fault {
  const { event = null, ...params } = JSON.parse(row.params) as Record<string, unknown> & { event?: NotifyEvent };
  return {
    id: row.id,
    kind: row.kind,
    outTradeNo: row.out_trade_no,
    method: row.method,
    event,
    params,
    remaining: row.remaining,
    createdAt: row.created_at,
  };
}

// Faults are read on every gateway call and notification and change rarely: kept in memory per
// database, and dropped whenever one is added, removed or used up.
const cache = new WeakMap<SandboxDb, Fault[]>();

export function addFault(db: SandboxDb, fault: NewFault, now: number): Fault {
  const params = JSON.stringify({ ...fault.params, ...(fault.event ? { event: fault.event } : {}) });
  cache.delete(db);
  const info = sql(db, "INSERT INTO faults (kind, out_trade_no, method, params, remaining, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(fault.kind, fault.outTradeNo ?? null, fault.method ?? null, params, fault.count ?? null, now);
  return toFault(sql(db, "SELECT * FROM faults WHERE id = ?").get(info.lastInsertRowid) as FaultRow);
}

export function listFaults(db: SandboxDb): Fault[] {
  let faults = cache.get(db);
  if (faults) return faults;
  faults = (sql(db, "SELECT * FROM faults ORDER BY id").all() as FaultRow[]).map(toFault);
  // Inside a transaction the rows may yet roll back: read them, but do not keep them.
  if (!db.inTransaction) cache.set(db, faults);
  return faults;
}

export function removeFault(db: SandboxDb, id: number): boolean {
  cache.delete(db);
  return sql(db, "DELETE FROM faults WHERE id = ?").run(id).changes === 1;
}

export function clearFaults(db: SandboxDb, outTradeNo?: string): number {
  cache.delete(db);
  return outTradeNo
    ? sql(db, "DELETE FROM faults WHERE out_trade_no = ?").run(outTradeNo).changes
    : sql(db, "DELETE FROM faults").run().changes;
}

function consume(db: SandboxDb, fault: Fault): void {
  if (fault.remaining === null) return;
  cache.delete(db);
  if (fault.remaining <= 1) sql(db, "DELETE FROM faults WHERE id = ?").run(fault.id);
  else sql(db, "UPDATE faults SET remaining = remaining - 1 WHERE id = ?").run(fault.id);
}

/**
 * Takes the faults that apply to one notification: at most one of each kind, a trade's own fault
 * before a global one, each used up by one.
 */
export function takeNotifyFaults(db: SandboxDb, outTradeNo: string, event: NotifyEvent): Fault[] {
  const candidates = listFaults(db).filter(
    (f) =>
      isNotifyFault(f.kind) &&
      (f.outTradeNo === null || f.outTradeNo === outTradeNo) &&
      (f.event === null || f.event === event) &&
      (f.kind !== "never_sent" || event === "PAYMENT"),
  );
  return pickPerKind(db, candidates);
}

/** Takes the gateway fault (if any) for one call. */
export function takeGatewayFault(db: SandboxDb, method: string, outTradeNo: string | undefined): Fault | undefined {
  const candidates = listFaults(db).filter(
    (f) =>
      isGatewayFault(f.kind) &&
      (f.method === null || f.method === method) &&
      (f.outTradeNo === null || f.outTradeNo === outTradeNo),
  );
  const [fault] = [...candidates].sort(byScopeThenAge);
  if (fault) consume(db, fault);
  return fault;
}

/** The bill faults of a trade (or of every trade): not used up, every download of the bill shows them. */
export function billFaults(db: SandboxDb, outTradeNo: string): Fault[] {
  return listFaults(db).filter((f) => isBillFault(f.kind) && (f.outTradeNo === null || f.outTradeNo === outTradeNo)).sort(byScopeThenAge);
}

const byScopeThenAge = (a: Fault, b: Fault) => Number(b.outTradeNo !== null) - Number(a.outTradeNo !== null) || a.id - b.id;

function pickPerKind(db: SandboxDb, candidates: Fault[]): Fault[] {
  const chosen = new Map<FaultKind, Fault>();
  for (const fault of [...candidates].sort(byScopeThenAge)) {
    if (!chosen.has(fault.kind)) chosen.set(fault.kind, fault);
  }
  for (const fault of chosen.values()) consume(db, fault);
  return [...chosen.values()];
}
