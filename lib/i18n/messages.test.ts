import { describe, expect, it } from "vitest";

import { locales } from "./config";
import en from "./messages/en.json";
import zhCN from "./messages/zh-CN.json";

const catalogs: Record<(typeof locales)[number], unknown> = { "zh-CN": zhCN, en };

/** Every leaf of a message tree as `dotted.key → value`. */
function flatten(tree: unknown, prefix = ""): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (tree === null || typeof tree !== "object" || Array.isArray(tree)) {
    entries.set(prefix, tree);
    return entries;
  }
  for (const [key, value] of Object.entries(tree)) {
    for (const [leaf, leafValue] of flatten(value, prefix ? `${prefix}.${key}` : key)) entries.set(leaf, leafValue);
  }
  return entries;
}

/** The ICU arguments (`{count}`, `{count, plural, …}`) and rich-text tags (`<code>`) a message uses. */
function placeholders(message: string): string[] {
  const names = [...message.matchAll(/\{\s*(\w+)/g), ...message.matchAll(/<(\w+)>/g)].map((match) => match[0]);
  return [...new Set(names.map((name) => name.replace(/\s+/g, "")))].sort();
}

const flat = Object.fromEntries(locales.map((locale) => [locale, flatten(catalogs[locale])]));
const reference = flat["zh-CN"]!;

describe("message catalogs", () => {
  it.each(locales)("%s has exactly the keys of zh-CN", (locale) => {
    expect([...flat[locale]!.keys()].sort()).toEqual([...reference.keys()].sort());
  });

  it.each(locales)("%s has a non-empty string for every key", (locale) => {
    const bad = [...flat[locale]!].filter(([, value]) => typeof value !== "string" || value.trim() === "");
    expect(bad.map(([key]) => key)).toEqual([]);
  });

  it.each(locales)("%s uses the same arguments and tags as zh-CN", (locale) => {
    const mismatched = [...reference].filter(([key, value]) => {
      const other = flat[locale]!.get(key);
      return typeof value === "string" && typeof other === "string" && placeholders(value).join() !== placeholders(other).join();
    });
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });
});
