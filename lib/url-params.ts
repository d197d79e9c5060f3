// What the console's lists share in their URLs (orders, notifications, gateway calls, the audit log):
// one value per parameter, a choice from a closed set, text of a known shape, Beijing calendar days and
// pages. Pure: a bad value is reported with its field, never guessed.

export type SearchParams = Record<string, string | string[] | undefined>;

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
/** Offsets beyond this are refused: narrow the view instead (deep offsets cost every row before them). */
export const MAX_PAGE = 2_000;

/** Beijing calendar days, inclusive (YYYY-MM-DD). */
export type Days = { from: string | null; to: string | null };
/** Beijing calendar days and the page. */
export type DaysAndPage = Days & { page: number; size: number };

export type Problem<Field extends string> = { field: Field | "range"; reason: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export function one(value: string | string[] | undefined): string | undefined {
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

export function parseChoice<T extends string, F extends string>(text: string | undefined, choices: readonly T[], field: F, problems: Problem<F>[]): T | null {
  if (!text) return null;
  if ((choices as readonly string[]).includes(text)) return text as T;
  problems.push({ field, reason: `must be one of ${choices.join(", ")}` });
  return null;
}

export function parseText<F extends string>(text: string | undefined, shape: RegExp, field: F, reason: string, problems: Problem<F>[]): string | null {
  if (!text) return null;
  if (shape.test(text)) return text;
  problems.push({ field, reason });
  return null;
}

export function parseDays<F extends string>(params: SearchParams, problems: Problem<F | keyof Days>[]): Days {
  const days: Days = { from: null, to: null };
  for (const field of ["from", "to"] as const) {
    const day = one(params[field]);
    if (!day) continue;
    if (isRealDay(day)) days[field] = day;
    else problems.push({ field, reason: "must be a date, YYYY-MM-DD" });
  }
  if (days.from && days.to && days.from > days.to) problems.push({ field: "range", reason: "the start date is after the end date" });
  return days;
}

export function parsePage<F extends string>(params: SearchParams, problems: Problem<F | "page" | "size">[]): { page: number; size: number } {
  const view = { page: 1, size: DEFAULT_PAGE_SIZE };
  const page = one(params.page);
  if (page) {
    const number = Number(page);
    if (Number.isInteger(number) && number >= 1 && number <= MAX_PAGE) view.page = number;
    else problems.push({ field: "page", reason: `must be a whole number from 1 to ${MAX_PAGE}` });
  }
  const size = one(params.size);
  if (size) {
    const number = Number(size);
    if ((PAGE_SIZES as readonly number[]).includes(number)) view.size = number;
    else problems.push({ field: "size", reason: `must be one of ${PAGE_SIZES.join(", ")}` });
  }
  return view;
}

export function parseDaysAndPage<F extends string>(params: SearchParams, problems: Problem<F | keyof DaysAndPage>[]): DaysAndPage {
  return { ...parseDays(params, problems), ...parsePage(params, problems) };
}

/** Appends the days and the page to a canonical search, defaults left out. */
export function writeDaysAndPage(params: URLSearchParams, view: DaysAndPage): string {
  if (view.from) params.set("from", view.from);
  if (view.to) params.set("to", view.to);
  if (view.page !== 1) params.set("page", String(view.page));
  if (view.size !== DEFAULT_PAGE_SIZE) params.set("size", String(view.size));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The instants of a day range: from the start of `from` to the end of `to`, Beijing time. */
export function beijingDayRange(from: string | null, to: string | null): { gte?: Date; lt?: Date } | undefined {
  if (!from && !to) return undefined;
  return { ...(from ? { gte: beijingDayStart(from) } : {}), ...(to ? { lt: new Date(beijingDayStart(to).getTime() + DAY_MS) } : {}) };
}

export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}
