// PostgreSQL numbers a row when it is inserted but shows it only once its transaction commits, and
// concurrent transactions (two intake batches, two instances) commit in any order: a reader whose cursor
// moved past id 41 while 41's transaction was still running would never see it. So the feed stops
// before a missing id until the row appears, or until every transaction that could have been writing
// it has ended (a rolled-back insert leaves its id unused for good). The writers are told apart by
// their virtual transaction ids (read.ts reads them from pg_locks); this module only keeps the books,
// for each of the feed's id sequences (order events, notifications, alert events) apart.
import type { FeedKind } from "./items";

/** The writers at some moment: transactions holding a write lock on the feed's tables. */
export type Writers = ReadonlySet<string>;

type Gap = { kind: FeedKind; from: number; to: number; seenAt: number; writers: Writers | null; ownersDone: boolean };

export class GapGuard {
  private gaps: Gap[] = [];

  /** `maxWaitMs`: past this, a gap is passed whatever the writers (nothing should write that long). */
  constructor(private readonly maxWaitMs = 30_000) {}

  /** Gaps wait on writers: read them before the next read of the feed (writersBefore). */
  get waiting(): boolean {
    return this.gaps.some((gap) => gap.writers !== null && !gap.ownersDone);
  }

  /** The last read found gaps whose writers are not known yet: read them now (writersAfter). */
  get unrecorded(): boolean {
    return this.gaps.some((gap) => gap.writers === null);
  }

  /**
   * The writers just before a read. A gap none of whose writers is among them was filled or abandoned
   * before that read: if the read still misses it, it is passed.
   */
  writersBefore(current: Writers): void {
    for (const gap of this.gaps) {
      if (gap.writers && ![...gap.writers].some((writer) => current.has(writer))) gap.ownersDone = true;
    }
  }

  /** The writers just after the read that found new gaps: whoever was writing them is among these, or done. */
  writersAfter(current: Writers): void {
    for (const gap of this.gaps) gap.writers ??= current;
  }

  /** How many of `ids` (ascending, each after `from`) a reader may pass at `now`: those before the first gap it must wait at. */
  passable(kind: FeedKind, from: number, ids: readonly number[], now: number): number {
    let expected = from + 1;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i]! > expected && !this.mayPass(kind, expected, ids[i]! - 1, now)) return i;
      expected = ids[i]! + 1;
    }
    return ids.length;
  }

  /** Drops the gaps a cursor at `cursor` has passed. */
  forget(kind: FeedKind, cursor: number): void {
    this.gaps = this.gaps.filter((gap) => gap.kind !== kind || gap.to > cursor);
  }

  private mayPass(kind: FeedKind, from: number, to: number, now: number): boolean {
    // A gap only shrinks (rows appear, none go): the one missing `from` now is the one first seen holding it.
    const gap = this.gaps.find((candidate) => candidate.kind === kind && candidate.from <= from && from <= candidate.to);
    if (!gap) {
      this.gaps.push({ kind, from, to, seenAt: now, writers: null, ownersDone: false });
      return false;
    }
    return gap.ownersDone || now - gap.seenAt >= this.maxWaitMs;
  }
}
