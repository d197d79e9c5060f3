// Which bill a day's run uses, and the day's instants.
import "server-only";
import type { Db } from "@/lib/db";
import { beijingDayStart } from "@/lib/url-params";
import type { DayInput } from "./match-day";

const DAY_MS = 24 * 60 * 60 * 1000;

export function beijingDay(billDate: string): DayInput["day"] {
  const start = beijingDayStart(billDate);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/** The newest imported bill of the day, or null. */
export function currentBillFile(db: Db, billDate: string) {
  return db.billFile.findFirst({ where: { billDate, importedAt: { not: null } }, orderBy: { importedAt: "desc" }, select: { id: true, fileName: true, source: true, importedAt: true } });
}
