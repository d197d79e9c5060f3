// The locales the console speaks and where a reader's choice is kept. No URL prefixes: the locale
// comes from the cookie, then Accept-Language (see resolve-locale.ts).
import type { Formats } from "next-intl";

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];

export const defaultLocale: Locale = "zh-CN";

/** The cookie next-intl's own middleware would use, so adding routing later keeps readers' choices. */
export const LOCALE_COOKIE = "NEXT_LOCALE";
export const LOCALE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

/** Each language named in itself (not translated), so readers find theirs whatever the page's language. */
export const localeNames: Record<Locale, string> = {
  "zh-CN": "简体中文",
  en: "English",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** China Standard Time: Alipay's timestamps and a merchant's business day. */
export const timeZone = "Asia/Shanghai";

/** Named formats for messages, e.g. `{checkedAt, time, withZone}`. */
export const formats = {
  dateTime: {
    // Always with the zone: readers outside China see times in China Standard Time.
    withZone: { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" },
    /** A moment in a table: date and time to the second, China Standard Time (the console's zone). */
    short: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
  },
} satisfies Formats;
