// A position in the console's change feed: the last order event, the last settled notification and the
// last alert event a reader has. All are database ids, so a reader who reconnects (to this instance or
// another) resumes exactly where it stopped. Written as "<orderEventId>.<notificationId>.<alertEventId>",
// the SSE `id:` field.
export type FeedCursor = { e: number; n: number; a: number };

/**
 * A cursor as a browser sends it back. One written before alerts were on the feed ("<e>.<n>") has no
 * alert part: that reader never had alerts, and takes them from now on (Feed.subscribe).
 */
export type ResumeCursor = { e: number; n: number; a?: number };

export function formatCursor(cursor: FeedCursor): string {
  return `${cursor.e}.${cursor.n}.${cursor.a}`;
}

export function parseCursor(text: string | null | undefined): ResumeCursor | null {
  const match = /^(\d{1,15})\.(\d{1,15})(?:\.(\d{1,15}))?$/.exec(text?.trim() ?? "");
  if (!match) return null;
  return match[3] === undefined ? { e: Number(match[1]), n: Number(match[2]) } : { e: Number(match[1]), n: Number(match[2]), a: Number(match[3]) };
}

/** Whether `a` has everything `b` has. */
export function covers(a: FeedCursor, b: FeedCursor): boolean {
  return a.e >= b.e && a.n >= b.n && a.a >= b.a;
}

/** The further of two positions, part by part. */
export function furthest(a: FeedCursor, b: FeedCursor): FeedCursor {
  return { e: Math.max(a.e, b.e), n: Math.max(a.n, b.n), a: Math.max(a.a, b.a) };
}
