// next-intl's per-request configuration (wired in next.config.js): the locale from the cookie or
// Accept-Language, and its messages.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";

import { formats, LOCALE_COOKIE, timeZone, type Locale } from "./config";
import { resolveLocale } from "./resolve-locale";

const loaders: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  "zh-CN": () => import("./messages/zh-CN.json"),
  en: () => import("./messages/en.json"),
};

export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale({
    cookie: cookieStore.get(LOCALE_COOKIE)?.value,
    acceptLanguage: headerList.get("accept-language"),
  });
  return {
    locale,
    messages: (await loaders[locale]()).default,
    timeZone,
    formats,
  };
});
