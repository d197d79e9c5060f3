import { defaultLocale, isLocale, locales, type Locale } from "./config";

type Preference = { tag: string; q: number };

function parseAcceptLanguage(header: string): Preference[] {
  return header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/i.exec(param)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((preference) => preference.tag !== "" && preference.tag !== "*" && preference.q > 0)
    .sort((a, b) => b.q - a.q);
}

/** The best supported locale for an Accept-Language header: an exact tag first, then the same language. */
export function matchAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  for (const { tag } of parseAcceptLanguage(header)) {
    const exact = locales.find((locale) => locale.toLowerCase() === tag);
    if (exact) return exact;
    // `zh`, `zh-Hans`, `zh-TW` read Simplified Chinese better than English; `en-GB` reads `en`.
    const language = tag.split("-")[0];
    const sameLanguage = locales.find((locale) => locale.toLowerCase().split("-")[0] === language);
    if (sameLanguage) return sameLanguage;
  }
  return undefined;
}

/** The reader's locale: their saved choice, else their browser's languages, else the default. */
export function resolveLocale(input: { cookie?: string; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.cookie)) return input.cookie;
  return matchAcceptLanguage(input.acceptLanguage) ?? defaultLocale;
}
