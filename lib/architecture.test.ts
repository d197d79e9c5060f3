// The dependency rules of the layout (style.md): the console reaches the sandbox only over HTTP, and
// the protocol code stays pure (no database, no configuration, no app state).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return name === "generated" ? [] : sourceFiles(relative);
    return /\.(ts|tsx|mjs|js)$/.test(name) ? [relative] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)].map((m) => m[1]!);
}

function resolved(file: string, specifier: string): string {
  if (specifier.startsWith("@/")) return specifier.slice(2);
  if (specifier.startsWith(".")) return path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier));
  return specifier;
}

function offenders(dirs: string[], forbidden: RegExp, { tests = true } = {}): string[] {
  return dirs.flatMap(sourceFiles).filter((file) => tests || !/\.test\.tsx?$|(^|\/)testing\//.test(file)).flatMap((file) =>
    importsOf(file)
      .map((specifier) => resolved(file, specifier))
      .filter((target) => forbidden.test(target))
      .map((target) => `${file} → ${target}`),
  );
}

describe("architecture", () => {
  it("the console (app, components, lib) never imports the sandbox; only its tests and test support drive it", () => {
    expect(offenders(["app", "components", "lib"], /^sandbox(\/|$)/, { tests: false })).toEqual([]);
  });

  it("the protocol code imports no database, configuration, logging or app module", () => {
    expect(offenders(["lib/alipay"], /^(lib\/(db|env|log|status|i18n)|prisma|app|components|sandbox)(\/|$)|^next(\/|$)/, { tests: false })).toEqual([]);
  });

  it("the order domain (lib/orders) imports no Alipay client, database or app module", () => {
    expect(offenders(["lib/orders"], /^(lib\/(alipay|db|env|payments)|prisma|app|components|sandbox)(\/|$)|^(next|alipay-sdk)(\/|$)/)).toEqual([]);
  });

  it("lib (payments, worker, the rest) never imports the app or its components: one direction, app → lib", () => {
    expect(offenders(["lib"], /^(app|components)(\/|$)/, { tests: false })).toEqual([]);
  });

  it("finds imports at all (the rules above are not vacuous)", () => {
    expect(offenders(["sandbox"], /^lib\/alipay\//).length).toBeGreaterThan(10);
  });
});
