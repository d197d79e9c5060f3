import { describe, expect, it } from "vitest";
import { createStyle, formatDurationMs, formatTable, truncate } from "./format";
import { findCommand } from "./registry";

const plain = createStyle(false);

describe("formatTable", () => {
  it("aligns columns, counting CJK characters as two columns", () => {
    const text = formatTable(
      [
        { a: "测试", b: 1 },
        { a: "ab", b: null },
      ],
      [
        { header: "NAME", value: (r) => r.a },
        { header: "N", value: (r) => r.b },
      ],
      plain,
    );
    expect(text).toBe(["NAME  N", "测试  1", "ab    -"].join("\n"));
  });

  it("leaves colour out unless asked", () => {
    expect(plain.green("x")).toBe("x");
    expect(createStyle(true).green("x")).toBe("\u001b[32mx\u001b[39m");
  });
});

describe("helpers", () => {
  it("truncates to one line", () => {
    expect(truncate("ok\nmore text here", 8)).toBe("ok⏎more…");
    expect(truncate("success", 40)).toBe("success");
  });

  it("formats durations as they are typed", () => {
    expect(formatDurationMs(7_200_000)).toBe("2h");
    expect(formatDurationMs(5_400_000)).toBe("1h30m");
    expect(formatDurationMs(0)).toBe("0s");
  });
});

describe("findCommand", () => {
  it("finds one- and two-word commands and names the subcommands of a group", () => {
    expect(findCommand(["fault", "add", "drop"])).toMatchObject({ command: { name: "fault add" }, args: ["drop"] });
    expect(findCommand(["clock"]).command.name).toBe("clock");
    expect(findCommand(["attempts", "T1"])).toMatchObject({ command: { name: "attempts" }, args: ["T1"] });
    expect(() => findCommand(["fault"])).toThrow("'fault' needs a subcommand; try: fault add, fault list, fault rm, fault clear, fault kinds");
    expect(() => findCommand(["clock", "back"])).toThrow("unknown command 'clock back'");
  });
});
