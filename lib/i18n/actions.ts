"use server";

import { refresh } from "next/cache";
import { cookies } from "next/headers";

import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE } from "./config";

/** Saves the reader's language and re-renders the current page in it. */
export async function setLocaleAction(locale: string): Promise<void> {
  // Server actions are public endpoints: accept only a supported locale.
  if (!isLocale(locale)) return;
  const cookieStore = await cookies();
  cookieStore.set(LOCALE_COOKIE, locale, { path: "/", maxAge: LOCALE_COOKIE_MAX_AGE, sameSite: "lax" });
  refresh();
}
