// The orders list's view as a URL: status tab, time range, amount range, search, sort and page. Parsed
// strictly (a bad value is reported, never guessed), written back canonically so that a view can be
// shared and the same view always has the same URL.
import { parseYuan, formatYuan } from "@/lib/money";
import { DEFAULT_PAGE_SIZE, MAX_PAGE, one, parseChoice, parseDays, parsePage, type SearchParams } from "@/lib/url-params";
import { ORDER_STATUSES, type OrderStatus } from "./status";

export const SORT_FIELDS = ["createdAt", "amountFen", "paidAt"] as const;
export type SortField = (typeof SORT_FIELDS)[number];

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

/** How many orders a view holds: `count` exactly, or, when `more`, more than `count` (counts stop at a cap). */
export type TabCount = { count: number; more: boolean };

/**
 * The pager of a view: its number of pages when its total is known, and whether there is a next page.
 * A total beyond the count's cap leaves the pages unknown: the next one is offered while this one is
 * full, up to MAX_PAGE.
 */
export function orderListPages(total: TabCount, query: Pick<OrderListQuery, "page" | "size">, rowsOnPage: number): { pages: number | null; hasNext: boolean } {
  if (total.more) return { pages: null, hasNext: rowsOnPage >= query.size && query.page < MAX_PAGE };
  const pages = Math.max(1, Math.ceil(total.count / query.size));
  return { pages, hasNext: query.page < Math.min(pages, MAX_PAGE) };
}

export type QueryProblem = { field: keyof OrderListQuery | "range"; reason: string };

export function parseOrderListQuery(params: SearchParams): { query: OrderListQuery; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const status = parseChoice(one(params.status), ORDER_STATUSES, "status", problems);
  const query: OrderListQuery = { status, ...parseDays(params, problems), minFen: null, maxFen: null, q: null, flagged: false, sort: "createdAt", desc: true, page: 1, size: DEFAULT_PAGE_SIZE };
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
  Object.assign(query, parsePage(params, problems));
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
