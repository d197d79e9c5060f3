// The orders list's view as a URL: status tab, time range, amount range, search, sort and page. Parsed
// strictly (a bad value is reported, never guessed), written back canonically so that a view can be
// shared and the same view always has the same URL.
import { parseYuan, formatYuan } from "@/lib/money";
import { ORDER_STATUSES, type OrderStatus } from "./status";

export const SORT_FIELDS = ["createdAt", "amountFen", "paidAt"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
/** Offsets beyond this are refused: narrow the view instead (deep offsets cost every row before them). */
export const MAX_PAGE = 2_000;

export type OrderListQuery = {
  status: OrderStatus | null;
  /** Beijing calendar days, inclusive: YYYY-MM-DD. */
  from: string | null;
  to: string | null;
  minFen: number | null;
  maxFen: number | null;
  /** An exact out_trade_no, trade_no, buyer id (2088…) or masked buyer logon id. */
  q: string | null;
  /** Only orders with an anomaly flagged (paid after close, amount mismatch, a refund unsettled…). */
  flagged: boolean;
  sort: SortField;
  desc: boolean;
  page: number;
  size: number;
};

export type QueryProblem = { field: keyof OrderListQuery | "range"; reason: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function one(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() === "" ? undefined : text?.trim();
}

export function isRealDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** Start of a Beijing day (UTC+8, no daylight saving) as an instant. */
export function beijingDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

export function parseOrderListQuery(params: Record<string, string | string[] | undefined>): { query: OrderListQuery; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const query: OrderListQuery = { status: null, from: null, to: null, minFen: null, maxFen: null, q: null, flagged: false, sort: "createdAt", desc: true, page: 1, size: DEFAULT_PAGE_SIZE };

  const status = one(params.status);
  if (status) {
    if ((ORDER_STATUSES as readonly string[]).includes(status)) query.status = status as OrderStatus;
    else problems.push({ field: "status", reason: `must be one of ${ORDER_STATUSES.join(", ")}` });
  }
  for (const field of ["from", "to"] as const) {
    const day = one(params[field]);
    if (!day) continue;
    if (isRealDay(day)) query[field] = day;
    else problems.push({ field, reason: "must be a date, YYYY-MM-DD" });
  }
  if (query.from && query.to && query.from > query.to) problems.push({ field: "range", reason: "the start date is after the end date" });
  for (const [param, field] of [["min", "minFen"], ["max", "maxFen"]] as const) {
    const text = one(params[param]);
    if (!text) continue;
    const fen = parseYuan(text);
    if (fen === null) problems.push({ field, reason: "must be an amount in yuan, e.g. 12.30" });
    else query[field] = fen;
  }
  if (query.minFen !== null && query.maxFen !== null && query.minFen > query.maxFen) problems.push({ field: "range", reason: "the minimum amount is above the maximum" });
  const q = one(params.q);
  if (q) {
    if (q.length <= 64) query.q = q;
    else problems.push({ field: "q", reason: "is longer than any order or trade number (64)" });
  }
  const flagged = one(params.flagged);
  if (flagged) {
    if (flagged === "1") query.flagged = true;
    else problems.push({ field: "flagged", reason: "must be 1 (or left out)" });
  }
  const sort = one(params.sort);
  if (sort) {
    const [field, direction] = sort.split(".");
    if ((SORT_FIELDS as readonly string[]).includes(field ?? "") && (direction === "asc" || direction === "desc")) {
      query.sort = field as SortField;
      query.desc = direction === "desc";
    } else problems.push({ field: "sort", reason: `must be one of ${SORT_FIELDS.map((f) => `${f}.asc|desc`).join(", ")}` });
  }
  const page = one(params.page);
  if (page) {
    const number = Number(page);
    if (Number.isInteger(number) && number >= 1 && number <= MAX_PAGE) query.page = number;
    else problems.push({ field: "page", reason: `must be a whole number from 1 to ${MAX_PAGE}` });
  }
  const size = one(params.size);
  if (size) {
    const number = Number(size);
    if ((PAGE_SIZES as readonly number[]).includes(number)) query.size = number;
    else problems.push({ field: "size", reason: `must be one of ${PAGE_SIZES.join(", ")}` });
  }
  return { query, problems };
}

/** The canonical URL search of a view: defaults left out, in a fixed order. */
export function orderListSearch(query: OrderListQuery, changes: Partial<OrderListQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.status) params.set("status", next.status);
  if (next.from) params.set("from", next.from);
  if (next.to) params.set("to", next.to);
  if (next.minFen !== null) params.set("min", formatYuan(next.minFen));
  if (next.maxFen !== null) params.set("max", formatYuan(next.maxFen));
  if (next.q) params.set("q", next.q);
  if (next.flagged) params.set("flagged", "1");
  if (next.sort !== "createdAt" || !next.desc) params.set("sort", `${next.sort}.${next.desc ? "desc" : "asc"}`);
  if (next.page !== 1) params.set("page", String(next.page));
  if (next.size !== DEFAULT_PAGE_SIZE) params.set("size", String(next.size));
  const text = params.toString();
  return text ? `?${text}` : "";
}
