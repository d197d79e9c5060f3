import { describe, expect, it } from "vitest";
import { FAULT_KINDS } from "../faults/kinds";
import { UsageError } from "./errors";
import { describeFaultKinds, formatParam, parseFaultParams } from "./fault-kinds";

describe("fault kinds", () => {
  it("lists every kind with its params and defaults from kinds.ts", () => {
    const kinds = describeFaultKinds();
    expect(kinds.map((k) => k.kind)).toEqual([...FAULT_KINDS]);
    expect(kinds.every((k) => k.explanation.length > 0)).toBe(true);
    const drop = kinds.find((k) => k.kind === "drop")!;
    expect(drop.scope).toBe("notification");
    expect(drop.params.map(formatParam)).toEqual(["attempts=8 (1..8)"]);
    expect(kinds.find((k) => k.kind === "gateway_slow")!.scope).toBe("gateway");
  });
});

describe("parseFaultParams", () => {
  it("turns numbers into numbers but keeps params the kind wants as strings", () => {
    expect(parseFaultParams("duplicate", ["times=2"])).toEqual({ times: 2 });
    expect(parseFaultParams("gateway_error", ["code=40004", "when=after"])).toEqual({ code: "40004", when: "after" });
    expect(parseFaultParams("tampered_amount", ["amount=0.01"])).toEqual({ amount: "0.01" });
  });

  it("rejects a param the kind does not take, or a pair without =", () => {
    expect(() => parseFaultParams("duplicate", ["time=2"])).toThrow(new UsageError("duplicate has no param 'time'; it takes times"));
    expect(() => parseFaultParams("gbk", ["x=1"])).toThrow(/it takes none/);
    expect(() => parseFaultParams("duplicate", ["times"])).toThrow(UsageError);
  });
});
