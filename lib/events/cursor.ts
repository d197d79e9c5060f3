// A position in the console's change feed: the last order event and the last settled notification a
// reader has. Both are database ids, so a reader who reconnects (to this instance or another) resumes
// exactly where it stopped. Written as "<orderEventId>.<notificationId>", the SSE `id:` field.
export type FeedCursor = { e: number; n: number };

export function formatCursor(cursor: FeedCursor): string {
  return `${cursor.e}.${cursor.n}`;
}

export function parseCursor(text: string | null | undefined): FeedCursor | null {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(text?.trim() ?? "");
  return match ? { e: Number(match[1]), n: Number(match[2]) } : null;
}

/** Whether `a` has everything `b` has. */
export function covers(a: FeedCursor, b: FeedCursor): boolean {
  return a.e >= b.e && a.n >= b.n;
}
