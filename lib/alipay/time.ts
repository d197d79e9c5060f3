// Alipay writes every time as Beijing time (UTC+8) without a zone suffix (alipay-protocol.md §1.2, §4.2).

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

function beijingParts(date: Date) {
  const shifted = new Date(date.getTime() + BEIJING_OFFSET_MS);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return {
    date: `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`,
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`,
    millis: pad(shifted.getUTCMilliseconds(), 3),
  };
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time: request `timestamp`, `gmt_*`, `notify_time`. */
export function formatAlipayTime(date: Date): string {
  const p = beijingParts(date);
  return `${p.date} ${p.time}`;
}

/** `yyyy-MM-dd HH:mm:ss.SSS`: the `gmt_refund` form of refund notifications (§4.2). */
export function formatAlipayTimeMillis(date: Date): string {
  const p = beijingParts(date);
  return `${p.date} ${p.time}.${p.millis}`;
}

/** `yyyy-MM-dd` in Beijing time: the bill date of a moment. */
export function formatAlipayDate(date: Date): string {
  return beijingParts(date).date;
}

/**
 * Parses an Alipay time (with or without milliseconds) as Beijing time.
 * Returns null for anything that is not a real calendar time in that exact format.
 */
export function parseAlipayTime(text: string): Date | null {
  const m = TIME_PATTERN.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Number(m[7].padEnd(3, "0")) : 0;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    return null;
  }
  return new Date(utc - BEIJING_OFFSET_MS);
}
