import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher";

describe("Batcher", () => {
  it("runs the calls made together as one batch, one batch at a time, each answered on its own", async () => {
    const batches: number[][] = [];
    let running = 0;
    let overlapped = false;
    const batcher = new Batcher<number, number>(async (items) => {
      overlapped ||= running > 0;
      running++;
      batches.push(items);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return items.map((item) => (item === 3 ? { error: new Error("three") } : { value: item * 10 }));
    }, { max: 4 });
    const first = [1, 2, 3].map((n) => batcher.add(n));
    // Made while the first batch runs: they wait for it, then go together (at most 4 to a batch).
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = [4, 5, 6, 7, 8, 9].map((n) => batcher.add(n));
    const settled = await Promise.allSettled([...first, ...second]);
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(overlapped).toBe(false);
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message))).toEqual([10, 20, "three", 40, 50, 60, 70, 80, 90]);
  });

  it("runs up to `concurrency` batches at once", async () => {
    let running = 0;
    let most = 0;
    const batcher = new Batcher<number, number>(async (items) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return items.map((item) => ({ value: item }));
    }, { max: 1, concurrency: 3 });
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => batcher.add(n)))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it("fails every call of a batch that throws, and goes on with the next", async () => {
    let calls = 0;
    const batcher = new Batcher<string, string>(async (items) => {
      if (calls++ === 0) throw new Error("database down");
      return items.map((item) => ({ value: item.toUpperCase() }));
    });
    const failed = await Promise.allSettled([batcher.add("a"), batcher.add("b")]);
    expect(failed.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect(await batcher.add("c")).toBe("C");
  });
});
