// Dates as the bill's comment lines and file names write them (alipay-protocol.md §6).
import { formatAlipayTime } from "@/lib/alipay/time";

const DATE_PATTERN = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** A daily (`yyyy-MM-dd`) or monthly (`yyyy-MM`) bill period as UTC calendar dates, end exclusive (§3.7). */
export type BillPeriod = { start: Date; end: Date; monthly: boolean };

/** Throws on anything but a real `yyyy-MM-dd` or `yyyy-MM`. */
export function parseBillDate(date: string): BillPeriod {
  const m = DATE_PATTERN.exec(date);
  const monthly = m?.[3] === undefined;
  const start = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, monthly ? 1 : Number(m[3]))) : null;
  if (!start || start.toISOString().slice(0, monthly ? 7 : 10) !== date) {
    throw new RangeError(`bill date must be a real yyyy-MM-dd or yyyy-MM, got ${JSON.stringify(date)}`);
  }
  const end = monthly ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)) : new Date(start.getTime() + 86_400_000);
  return { start, end, monthly };
}

/** `yyyyMMdd` (or `yyyyMM` for a monthly bill), the date part of the file names. */
export function compactBillDate(date: string): string {
  parseBillDate(date);
  return date.replaceAll("-", "");
}

/** `yyyy年MM月dd日 HH:mm:ss` from a `yyyy-MM-dd HH:mm:ss` Beijing time. */
function chineseDateTime(text: string): string {
  return `${text.slice(0, 4)}年${text.slice(5, 7)}月${text.slice(8, 10)}日 ${text.slice(11)}`;
}

/** `#起始日期：[…]   终止日期：[…]`: midnight of the bill day (or month) to midnight after it, Beijing time. */
export function dateRangeLine(date: string): string {
  const { start, end } = parseBillDate(date);
  const midnight = (day: Date) => chineseDateTime(`${day.toISOString().slice(0, 10)} 00:00:00`);
  return `#起始日期：[${midnight(start)}]   终止日期：[${midnight(end)}]`;
}

/** `#导出时间：[…]` in Beijing time. */
export function exportedAtLine(exportedAt: Date): string {
  return `#导出时间：[${chineseDateTime(formatAlipayTime(exportedAt))}]`;
}

/** True when the moment falls on the bill day (or in the bill month) in Beijing time. */
export function isOnBillDay(moment: Date, date: string): boolean {
  return formatAlipayTime(moment).slice(0, date.length) === date;
}
