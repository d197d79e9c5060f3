import { describe, expect, it } from "vitest";

import { matchAcceptLanguage, resolveLocale } from "./resolve-locale";

describe("matchAcceptLanguage", () => {
  it.each([
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"],
    ["en-US,en;q=0.9", "en"],
    ["EN", "en"],
    ["zh-TW", "zh-CN"],
    ["fr-FR, en;q=0.5", "en"],
    ["en;q=0.3, zh;q=0.8", "zh-CN"],
    ["zh;q=0, en;q=0.1", "en"],
  ])("%s → %s", (header, expected) => {
    expect(matchAcceptLanguage(header)).toBe(expected);
  });

  it.each([undefined, null, "", "*", "fr, de;q=0.7"])("finds nothing in %s", (header) => {
    expect(matchAcceptLanguage(header)).toBeUndefined();
  });
});

describe("resolveLocale", () => {
  it("prefers the saved cookie over the browser's languages", () => {
    expect(resolveLocale({ cookie: "en", acceptLanguage: "zh-CN" })).toBe("en");
  });

  it("ignores an unsupported cookie value", () => {
    expect(resolveLocale({ cookie: "de", acceptLanguage: "en-GB" })).toBe("en");
  });

  it("falls back to zh-CN", () => {
    expect(resolveLocale({ acceptLanguage: "fr" })).toBe("zh-CN");
    expect(resolveLocale({})).toBe("zh-CN");
  });
});
