import { afterEach, describe, expect, it } from "vitest";
import { listFromEnv, wholeNumberFromEnv } from "./settings";

const NAME = "BENCH_SETTINGS_TEST";

describe("the benchmarks' settings", () => {
  afterEach(() => {
    delete process.env[NAME];
  });

  it("takes a whole number, or the default when the variable is unset or empty", () => {
    expect(wholeNumberFromEnv(NAME, 8)).toBe(8);
    process.env[NAME] = " ";
    expect(wholeNumberFromEnv(NAME, 8)).toBe(8);
    process.env[NAME] = "64";
    expect(wholeNumberFromEnv(NAME, 8)).toBe(64);
  });

  it.each(["abc", "2.5", "-3", "0", "1e3", "99999999999999999999"])("refuses %j, naming the variable", (value) => {
    process.env[NAME] = value;
    expect(() => wholeNumberFromEnv(NAME, 8)).toThrow(new RegExp(`^${NAME} must be a whole number of at least 1, not "`));
  });

  it("takes a list of known names and refuses an unknown one", () => {
    expect(listFromEnv(NAME, ["sqlite", "postgresql"], ["sqlite", "postgresql"])).toEqual(["sqlite", "postgresql"]);
    process.env[NAME] = "postgresql, sqlite,postgresql";
    expect(listFromEnv(NAME, ["sqlite", "postgresql"], ["sqlite"])).toEqual(["postgresql", "sqlite"]);
    process.env[NAME] = "sqlite,mysql";
    expect(() => listFromEnv(NAME, ["sqlite", "postgresql"], ["sqlite"])).toThrow(`${NAME} takes sqlite, postgresql (comma-separated), not "sqlite,mysql"`);
  });
});
