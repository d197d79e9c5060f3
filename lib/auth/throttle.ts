// Failed sign-ins slow guessing down: per account (someone trying many passwords for one operator) and
// per address (one machine trying many accounts). While either is locked, no password is even checked.
import "server-only";
import { TRANSACTION_OPTIONS, type Db } from "@/lib/db";

export type ThrottlePolicy = { failures: number; windowMs: number; lockMs: number };

export const ACCOUNT_POLICY: ThrottlePolicy = { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { failures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export type ThrottleKeys = { account: string; address: string | null };

function keysOf({ account, address }: ThrottleKeys): Array<[string, ThrottlePolicy]> {
  const keys: Array<[string, ThrottlePolicy]> = [[`account:${account}`, ACCOUNT_POLICY]];
  if (address) keys.push([`address:${address}`, ADDRESS_POLICY]);
  return keys;
}

/** When the sign-in may be tried again, or null if it may be tried now. */
export async function lockedUntil(db: Db, keys: ThrottleKeys, now = new Date()): Promise<Date | null> {
  const rows = await db.signInThrottle.findMany({ where: { key: { in: keysOf(keys).map(([key]) => key) }, lockedUntil: { gt: now } } });
  const latest = Math.max(0, ...rows.map((row) => row.lockedUntil!.getTime()));
  return latest > 0 ? new Date(latest) : null;
}

/** Counts a failure against the account and the address; locks whichever reaches its policy's count. */
export async function recordFailure(db: Db, keys: ThrottleKeys, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const [key, policy] of keysOf(keys)) {
      const row = await tx.signInThrottle.findUnique({ where: { key } });
      const fresh = !row || now.getTime() - row.windowStart.getTime() > policy.windowMs;
      const failures = fresh ? 1 : row.failures + 1;
      const lock = failures >= policy.failures ? new Date(now.getTime() + policy.lockMs) : fresh ? null : row.lockedUntil;
      const data = { failures, windowStart: fresh ? now : row.windowStart, lockedUntil: lock };
      await tx.signInThrottle.upsert({ where: { key }, create: { key, ...data }, update: data });
    }
  }, TRANSACTION_OPTIONS);
}

/** A successful sign-in clears the account's count (not the address's: one good password does not excuse the rest). */
export async function clearAccount(db: Db, account: string): Promise<void> {
  await db.$transaction((tx) => tx.signInThrottle.deleteMany({ where: { key: `account:${account}` } }), TRANSACTION_OPTIONS);
}
