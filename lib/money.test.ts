import { describe, expect, it } from "vitest";
import { formatYuan, isPayableAmount, parseSignedYuan, parseYuan, parseYuanStrict } from "./money";

describe("money", () => {
  it.each([
    ["0.01", 1],
    ["12", 1200],
    ["12.3", 1230],
    ["12.30", 1230],
    ["100000000.00", 10_000_000_000],
  ])("parses %s as %i fen", (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each(["", "-1.00", "+1", "1.001", "1e3", " 1.00", "1.00 ", "01.00", "1,00", "0x10", "NaN", ".5", "1."])("refuses %j", (text) => {
    expect(parseYuan(text)).toBeNull();
  });

  it("reads Alipay's own amounts only in their two-decimal form", () => {
    expect(parseYuanStrict("0.10")).toBe(10);
    expect(parseYuanStrict("0.1")).toBeNull();
    expect(parseYuanStrict("10")).toBeNull();
  });

  it("formats fen as two-decimal yuan from integers, without float noise", () => {
    expect(formatYuan(1)).toBe("0.01");
    expect(formatYuan(1230)).toBe("12.30");
    expect(formatYuan(-500)).toBe("-5.00");
    expect(formatYuan(10_000_000_000)).toBe("100000000.00");
    expect(formatYuan(29)).toBe("0.29");
    expect(() => formatYuan(0.5)).toThrow(RangeError);
  });

  it("knows Alipay's payable range [0.01, 100000000.00]", () => {
    expect([0, 1, 10_000_000_000, 10_000_000_001].map(isPayableAmount)).toEqual([false, true, true, false]);
  });

  it("reads the bill's signed amounts, refunds negative", () => {
    expect(["-5.00", "0.07", "-0.00", "12", "-0.5", "100000000.00"].map(parseSignedYuan)).toEqual([-500, 7, 0, 1200, -50, 10_000_000_000]);
    expect(["", "--1.00", "+1.00", "1.001", "- 1.00", "1,000.00", "-"].map(parseSignedYuan)).toEqual([null, null, null, null, null, null, null]);
  });
});
