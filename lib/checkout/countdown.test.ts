import { describe, expect, it } from "vitest";

import { formatCountdown } from "./countdown";

describe("formatCountdown", () => {
  it.each([
    [30 * 60_000, "30:00"],
    [29 * 60_000 + 41_000, "29:41"],
    [65 * 60_000 + 9_000, "1:05:09"],
    [2 * 3_600_000, "2:00:00"],
    [9_000, "00:09"],
  ])("%i ms → %s", (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });

  it("rounds up, so that 00:00 is the moment of expiry", () => {
    expect(formatCountdown(59_001)).toBe("01:00");
    expect(formatCountdown(1)).toBe("00:01");
    expect(formatCountdown(0)).toBe("00:00");
  });

  it("never goes below zero", () => {
    expect(formatCountdown(-5_000)).toBe("00:00");
  });
});
