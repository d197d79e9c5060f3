import { describe, expect, it } from "vitest";
import { GapGuard } from "./gaps";

const writers = (...ids: string[]) => new Set(ids);

describe("the feed's guard against ids committed out of order", () => {
  it("passes ids without gaps, and stops before a missing one it has just seen", () => {
    const guard = new GapGuard();
    expect(guard.passable("e", 10, [11, 12, 13], 0)).toBe(3);
    expect(guard.passable("e", 10, [11, 13, 14], 0)).toBe(1);
    expect(guard.unrecorded).toBe(true);
    expect(guard.waiting).toBe(false);
  });

  it("waits while a writer seen after the gap was found still runs, and passes once a read after they all ended still misses it", () => {
    const guard = new GapGuard();
    expect(guard.passable("e", 10, [11, 13], 0)).toBe(1);
    guard.writersAfter(writers("3/7", "4/9"));
    expect(guard.waiting).toBe(true);
    // 3/7 ended, 4/9 still runs: it may be writing 12.
    guard.writersBefore(writers("4/9", "5/1"));
    expect(guard.passable("e", 11, [13], 10)).toBe(0);
    // Both ended (5/1 started after the gap was seen: 12 was numbered before it began).
    guard.writersBefore(writers("5/1"));
    expect(guard.waiting).toBe(false);
    expect(guard.passable("e", 11, [13], 20)).toBe(1);
  });

  it("takes the row once it appears, and waits for what is still missing of a wider gap", () => {
    const guard = new GapGuard();
    expect(guard.passable("n", 0, [4], 0)).toBe(0);
    guard.writersAfter(writers("3/7"));
    // 2 committed; 1 and 3 are missing still, and the same writer may hold them.
    expect(guard.passable("n", 0, [2, 4], 5)).toBe(0);
    guard.writersBefore(writers("3/7"));
    expect(guard.passable("n", 0, [1, 2, 4], 6)).toBe(2);
    guard.writersBefore(writers());
    expect(guard.passable("n", 2, [4], 7)).toBe(1);
  });

  it("keeps the two kinds apart, forgets what a cursor passed, and gives up waiting after the longest a writer may take", () => {
    const guard = new GapGuard(1_000);
    expect(guard.passable("e", 0, [2], 0)).toBe(0);
    expect(guard.passable("n", 0, [1, 2], 0)).toBe(2);
    guard.writersAfter(writers("3/7"));
    guard.writersBefore(writers("3/7"));
    expect(guard.passable("e", 0, [2], 999)).toBe(0);
    expect(guard.passable("e", 0, [2], 1_000)).toBe(1);
    guard.forget("e", 2);
    expect(guard.waiting).toBe(false);
    expect(guard.unrecorded).toBe(false);
  });
});
