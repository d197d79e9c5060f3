// The fund flow's view, from its URL: a Beijing day by the hour, a month by the day or a year by the month,
// all stores or one (or the sales made without a store). Its instants, its buckets and its neighbours.
// Pure: a bad value is reported with its field, never guessed.
import { type Problem, type SearchParams, beijingDayStart, isRealDay, one } from "@/lib/url-params";

export const PERIODS = ["day", "month", "year"] as const;
export type Period = (typeof PERIODS)[number];

/** The store filter's value for the money taken without a store (not a store number: `~` is not allowed in one). */
export const NO_STORE = "~";
/** A store number as the shop sends it (lib/payments/schemas.ts). */
const STORE = /^[A-Za-z0-9_.-]{1,32}$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;
const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type FundsQuery = {
  period: Period;
  /** yyyy-MM-dd, yyyy-MM or yyyy, as the period is. */
  date: string;
  /** null: every store; NO_STORE: the money taken without one. */
  store: string | null;
};

export type FundsField = "period" | "date" | "store";

/** The Beijing calendar day of an instant, yyyy-MM-dd. */
export const beijingDate = (at: Date) => new Date(at.getTime() + 8 * HOUR_MS).toISOString().slice(0, 10);

/** Today's date for the period: the day, its month or its year. */
export function currentDate(period: Period, now: Date): string {
  return beijingDate(now).slice(0, period === "day" ? 10 : period === "month" ? 7 : 4);
}

function validDate(period: Period, text: string): boolean {
  const year = Number(text.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  return period === "day" ? isRealDay(text) : period === "month" ? MONTH.test(text) : YEAR.test(text);
}

const SHAPES: Record<Period, string> = { day: "yyyy-MM-dd", month: "yyyy-MM", year: "yyyy" };

export function parseFundsQuery(params: SearchParams, now: Date): { query: FundsQuery; problems: Problem<FundsField>[] } {
  const problems: Problem<FundsField>[] = [];
  const periodText = one(params.period);
  let period: Period = "day";
  if (periodText !== undefined) {
    if ((PERIODS as readonly string[]).includes(periodText)) period = periodText as Period;
    else problems.push({ field: "period", reason: `must be one of ${PERIODS.join(", ")}` });
  }
  const dateText = one(params.date);
  let date = currentDate(period, now);
  if (dateText !== undefined) {
    if (!validDate(period, dateText)) problems.push({ field: "date", reason: `must be a ${SHAPES[period]} date from ${FIRST_YEAR} to ${LAST_YEAR} for a ${period}` });
    else if (dateText > currentDate(period, now)) problems.push({ field: "date", reason: "is still to come (Beijing time)" });
    else date = dateText;
  }
  const storeText = one(params.store);
  let store: string | null = null;
  if (storeText !== undefined) {
    if (storeText === NO_STORE || STORE.test(storeText)) store = storeText;
    else problems.push({ field: "store", reason: `must be a store number (1 to 32 letters, digits, dots, dashes or underscores) or ${NO_STORE} for none` });
  }
  return { query: { period, date, store }, problems };
}

/** The view's query string, without the defaults. */
export function fundsSearch(query: FundsQuery, now: Date): string {
  const params = new URLSearchParams();
  if (query.period !== "day") params.set("period", query.period);
  if (query.date !== currentDate(query.period, now)) params.set("date", query.date);
  if (query.store !== null) params.set("store", query.store);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export type PeriodRange = {
  /** The first instant of the period and the first after it. */
  start: Date;
  end: Date;
  /** The Beijing days it covers, first and last (yyyy-MM-dd). */
  firstDay: string;
  lastDay: string;
  /** Every bucket's key, in order: yyyy-MM-dd HH (a day's hours), yyyy-MM-dd (a month's days), yyyy-MM (a year's months). */
  buckets: string[];
};

const pad = (n: number) => String(n).padStart(2, "0");
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function periodRange(period: Period, date: string): PeriodRange {
  const year = Number(date.slice(0, 4));
  if (period === "day") {
    const start = beijingDayStart(date);
    return { start, end: new Date(start.getTime() + DAY_MS), firstDay: date, lastDay: date, buckets: Array.from({ length: 24 }, (_, hour) => `${date} ${pad(hour)}`) };
  }
  if (period === "month") {
    const month = Number(date.slice(5, 7));
    const days = daysInMonth(year, month);
    const buckets = Array.from({ length: days }, (_, day) => `${date}-${pad(day + 1)}`);
    const start = beijingDayStart(buckets[0]!);
    return { start, end: new Date(start.getTime() + days * DAY_MS), firstDay: buckets[0]!, lastDay: buckets.at(-1)!, buckets };
  }
  const start = beijingDayStart(`${year}-01-01`);
  return { start, end: beijingDayStart(`${year + 1}-01-01`), firstDay: `${year}-01-01`, lastDay: `${year}-12-31`, buckets: Array.from({ length: 12 }, (_, month) => `${year}-${pad(month + 1)}`) };
}

/** The bucket an hour (yyyy-MM-dd HH, Beijing) falls in. */
export function bucketOf(period: Period, hour: string): string {
  return hour.slice(0, period === "day" ? 13 : period === "month" ? 10 : 7);
}

/** The first instant of a bucket (its key as periodRange gives it). */
export function bucketStart(period: Period, key: string): Date {
  if (period === "day") return new Date(`${key.slice(0, 10)}T${key.slice(11, 13)}:00:00+08:00`);
  return new Date(`${period === "month" ? key : `${key}-01`}T00:00:00+08:00`);
}

/** The period before or after this one (`step` −1 or 1). */
export function shiftDate(period: Period, date: string, step: -1 | 1): string {
  const year = Number(date.slice(0, 4));
  if (period === "year") return String(year + step);
  if (period === "month") {
    const index = year * 12 + Number(date.slice(5, 7)) - 1 + step;
    return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
  }
  return new Date(Date.parse(`${date}T00:00:00Z`) + step * DAY_MS).toISOString().slice(0, 10);
}

/** The neighbours to link to: none before the first year, none after the current period. */
export function neighbours(query: FundsQuery, now: Date): { previous: string | null; next: string | null } {
  const previous = shiftDate(query.period, query.date, -1);
  const next = shiftDate(query.period, query.date, 1);
  return {
    previous: validDate(query.period, previous) ? previous : null,
    next: next <= currentDate(query.period, now) && validDate(query.period, next) ? next : null,
  };
}

/**
 * The date to show when switching to `period`: the same day, month or year narrowed or widened; today
 * (or this month) when it lies in the period shown, otherwise the period's first.
 */
export function dateIn(period: Period, query: FundsQuery, now: Date): string {
  const length = period === "day" ? 10 : period === "month" ? 7 : 4;
  if (query.date.length >= length) return query.date.slice(0, length);
  const today = currentDate(period, now);
  if (today.startsWith(query.date)) return today;
  return `${query.date}${query.date.length === 4 ? "-01" : ""}${period === "day" ? "-01" : ""}`;
}

/** Whether the period is still under way: its figures change as payments come in. */
export function isCurrent(range: PeriodRange, now: Date): boolean {
  return now >= range.start && now < range.end;
}
