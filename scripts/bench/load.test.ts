import { describe, expect, it } from "vitest";
import { type OpenLoopResult, percentile, worstWindowPercentile } from "./load";

function openLoop(rate: number, sequence: number[]): OpenLoopResult {
  const latencies = sequence.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return { offered: rate, achieved: rate, latencies, sequence, requests: sequence.length, errors: 0, firstError: null, exhausted: false };
}

describe("the open loop's percentiles", () => {
  it("takes the nearest rank of sorted values", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 99.9)).toBe(100);
    expect(percentile([], 99)).toBeNaN();
  });

  it("finds the window whose p99 a stall spoils, which the whole phase's p99 averages away", () => {
    // 10/s for 30 s: three 10-s windows of 100 answers; a stall makes two answers of the middle one slow.
    const sequence = Array.from({ length: 300 }, () => 5);
    sequence[150] = 80;
    sequence[151] = 70;
    const result = openLoop(10, sequence);
    expect(percentile(result.latencies, 99)).toBe(5);
    expect(worstWindowPercentile(result, 10, 99)).toBe(70);
  });

  it("leaves out failed requests and a last window shorter than the others, and says when there is no whole window", () => {
    const sequence = [...Array.from({ length: 9 }, () => 3), Number.NaN, ...Array.from({ length: 10 }, () => 4), 500];
    expect(worstWindowPercentile(openLoop(10, sequence), 1, 99)).toBe(4);
    // A window with no answers at all does not hide the worst one before it.
    const windows = [...Array.from({ length: 10 }, () => 30), ...Array.from({ length: 10 }, () => Number.NaN), ...Array.from({ length: 10 }, () => 10)];
    expect(worstWindowPercentile(openLoop(10, windows), 1, 99)).toBe(30);
    expect(worstWindowPercentile(openLoop(10, [1, 2, 3]), 1, 99)).toBeNaN();
  });
});
