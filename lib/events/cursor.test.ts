import { describe, expect, it } from "vitest";
import { covers, formatCursor, parseCursor } from "./cursor";

describe("the feed's cursor", () => {
  it("writes and reads back its three parts", () => {
    expect(formatCursor({ e: 12, n: 7, a: 3 })).toBe("12.7.3");
    expect(parseCursor("12.7.3")).toEqual({ e: 12, n: 7, a: 3 });
  });

  it("still reads a cursor from before alerts were on the feed, without an alert part", () => {
    expect(parseCursor(" 12.7 ")).toEqual({ e: 12, n: 7 });
  });

  it("refuses anything else", () => {
    for (const text of ["", null, undefined, "12", "12.7.3.1", "-1.2", "a.b.c", "1.2.", "1234567890123456.1"]) expect(parseCursor(text)).toBeNull();
  });

  it("covers a position only with every part", () => {
    expect(covers({ e: 2, n: 2, a: 2 }, { e: 2, n: 1, a: 2 })).toBe(true);
    expect(covers({ e: 2, n: 2, a: 1 }, { e: 2, n: 1, a: 2 })).toBe(false);
  });
});
