// Dates as the bill's comment lines and file names write them (alipay-protocol.md §6).
import { formatAlipayTime } from "@/lib/alipay/time";

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The bill day as a UTC calendar date; throws on anything but a real `yyyy-MM-dd`. */
export function parseBillDate(date: string): Date {
  const m = DATE_PATTERN.exec(date);
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!day || day.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`bill date must be a real yyyy-MM-dd, got ${JSON.stringify(date)}`);
  }
  return day;
}

/** `yyyyMMdd`, the date part of the file names. */
export function compactBillDate(date: string): string {
  return parseBillDate(date).toISOString().slice(0, 10).replaceAll("-", "");
}

/** `yyyy年MM月dd日 HH:mm:ss` from a `yyyy-MM-dd HH:mm:ss` Beijing time. */
function chineseDateTime(text: string): string {
  return `${text.slice(0, 4)}年${text.slice(5, 7)}月${text.slice(8, 10)}日 ${text.slice(11)}`;
}

/** `#起始日期：[…]   终止日期：[…]`: midnight of the bill day to midnight of the next, Beijing time. */
export function dateRangeLine(date: string): string {
  const start = parseBillDate(date);
  const end = new Date(start.getTime() + 24 * 60 * 60 * 1000);
  const midnight = (day: Date) => chineseDateTime(`${day.toISOString().slice(0, 10)} 00:00:00`);
  return `#起始日期：[${midnight(start)}]   终止日期：[${midnight(end)}]`;
}

/** `#导出时间：[…]` in Beijing time. */
export function exportedAtLine(exportedAt: Date): string {
  return `#导出时间：[${chineseDateTime(formatAlipayTime(exportedAt))}]`;
}

/** True when the moment falls on the bill day in Beijing time. */
export function isOnBillDay(moment: Date, date: string): boolean {
  return formatAlipayTime(moment).slice(0, 10) === date;
}
