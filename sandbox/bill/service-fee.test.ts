import { describe, expect, it } from "vitest";
import { computeServiceFee } from "./service-fee";

describe("computeServiceFee", () => {
  it("charges 0.6% by default, rounded half-up to the fen", () => {
    expect(computeServiceFee(1230)).toBe(7); // 7.38
    expect(computeServiceFee(1250)).toBe(8); // 7.5
    expect(computeServiceFee(1249)).toBe(7); // 7.494
    expect(computeServiceFee(125)).toBe(1); // 0.75
    expect(computeServiceFee(83)).toBe(0); // 0.498
    expect(computeServiceFee(84)).toBe(1); // 0.504
    expect(computeServiceFee(0)).toBe(0);
    expect(computeServiceFee(100_000)).toBe(600);
  });

  it("takes the rate in basis points", () => {
    expect(computeServiceFee(10_000, 38)).toBe(38);
    expect(computeServiceFee(1250, 0)).toBe(0);
    expect(computeServiceFee(50, 100)).toBe(1); // 0.5
    expect(computeServiceFee(10_000_000_000, 10_000)).toBe(10_000_000_000);
  });

  it("refuses negative or fractional amounts and rates", () => {
    expect(() => computeServiceFee(-1)).toThrow(RangeError);
    expect(() => computeServiceFee(12.5)).toThrow(RangeError);
    expect(() => computeServiceFee(100, 0.5)).toThrow(RangeError);
    expect(() => computeServiceFee(100, -1)).toThrow(RangeError);
  });
});
