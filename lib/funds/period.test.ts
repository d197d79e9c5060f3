import { describe, expect, it } from "vitest";
import { NO_STORE, bucketOf, bucketStart, dateIn, fundsSearch, isCurrent, neighbours, parseFundsQuery, periodRange, shiftDate } from "./period";

// 2026-12-05 01:30 in Beijing.
const NOW = new Date("2026-12-04T17:30:00Z");

describe("the fund flow's view", () => {
  it("defaults to today by the hour, every store; today is Beijing's", () => {
    expect(parseFundsQuery({}, NOW)).toEqual({ query: { period: "day", date: "2026-12-05", store: null }, problems: [] });
    expect(parseFundsQuery({ period: "month" }, NOW).query.date).toBe("2026-12");
    expect(parseFundsQuery({ period: "year" }, NOW).query.date).toBe("2026");
  });

  it("refuses what it cannot read, naming the field, and shows the default instead", () => {
    const { query, problems } = parseFundsQuery({ period: "week", date: "2026-02-30", store: "A B" }, NOW);
    expect(query).toEqual({ period: "day", date: "2026-12-05", store: null });
    expect(problems.map((problem) => problem.field)).toEqual(["period", "date", "store"]);
    expect(parseFundsQuery({ period: "month", date: "2026-12-05" }, NOW).problems).toEqual([{ field: "date", reason: expect.stringContaining("yyyy-MM") }]);
    expect(parseFundsQuery({ period: "year", date: "1999" }, NOW).problems).toHaveLength(1);
    expect(parseFundsQuery({ date: "2026-12-06" }, NOW).problems).toEqual([{ field: "date", reason: "is still to come (Beijing time)" }]);
    expect(parseFundsQuery({ period: "month", date: "2027-01" }, NOW).problems).toHaveLength(1);
    expect(parseFundsQuery({ date: "2026-12-05" }, NOW).problems).toEqual([]);
    expect(parseFundsQuery({ store: NO_STORE }, NOW).query.store).toBe(NO_STORE);
    expect(parseFundsQuery({ store: "SH-01.a_b" }, NOW).query.store).toBe("SH-01.a_b");
  });

  it("writes its query string without the defaults", () => {
    expect(fundsSearch({ period: "day", date: "2026-12-05", store: null }, NOW)).toBe("");
    expect(fundsSearch({ period: "month", date: "2026-11", store: "~" }, NOW)).toBe("?period=month&date=2026-11&store=%7E");
    const { query } = parseFundsQuery(Object.fromEntries(new URLSearchParams("period=month&date=2026-11&store=%7E")), NOW);
    expect(query).toEqual({ period: "month", date: "2026-11", store: "~" });
  });

  it("covers a Beijing day by its 24 hours, a month by its days, a year by its months", () => {
    const day = periodRange("day", "2026-12-05");
    expect(day.start.toISOString()).toBe("2026-12-04T16:00:00.000Z");
    expect(day.end.toISOString()).toBe("2026-12-05T16:00:00.000Z");
    expect(day.buckets).toHaveLength(24);
    expect(day.buckets[0]).toBe("2026-12-05 00");
    expect(day.buckets[23]).toBe("2026-12-05 23");

    const february = periodRange("month", "2028-02");
    expect(february.buckets).toHaveLength(29);
    expect([february.firstDay, february.lastDay]).toEqual(["2028-02-01", "2028-02-29"]);
    expect(february.end.toISOString()).toBe("2028-02-29T16:00:00.000Z");
    expect(periodRange("month", "2026-02").buckets).toHaveLength(28);

    const year = periodRange("year", "2026");
    expect(year.buckets).toEqual(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]);
    expect([year.start.toISOString(), year.end.toISOString()]).toEqual(["2025-12-31T16:00:00.000Z", "2026-12-31T16:00:00.000Z"]);
  });

  it("knows when a bucket starts", () => {
    expect(bucketStart("day", "2026-12-05 07").toISOString()).toBe("2026-12-04T23:00:00.000Z");
    expect(bucketStart("month", "2026-12-05").toISOString()).toBe("2026-12-04T16:00:00.000Z");
    expect(bucketStart("year", "2026-12").toISOString()).toBe("2026-11-30T16:00:00.000Z");
  });

  it("puts an hour in its bucket", () => {
    expect(bucketOf("day", "2026-12-05 07")).toBe("2026-12-05 07");
    expect(bucketOf("month", "2026-12-05 07")).toBe("2026-12-05");
    expect(bucketOf("year", "2026-12-05 07")).toBe("2026-12");
  });

  it("steps across months and years, and not past the current period", () => {
    expect(shiftDate("day", "2026-03-01", -1)).toBe("2026-02-28");
    expect(shiftDate("month", "2026-01", -1)).toBe("2025-12");
    expect(shiftDate("month", "2026-12", 1)).toBe("2027-01");
    expect(shiftDate("year", "2026", 1)).toBe("2027");
    expect(neighbours({ period: "day", date: "2026-12-05", store: null }, NOW)).toEqual({ previous: "2026-12-04", next: null });
    expect(neighbours({ period: "month", date: "2026-11", store: null }, NOW)).toEqual({ previous: "2026-10", next: "2026-12" });
    expect(neighbours({ period: "year", date: "2000", store: null }, NOW)).toEqual({ previous: null, next: "2001" });
  });

  it("keeps the day, month or year when switching periods", () => {
    const query = (period: "day" | "month" | "year", date: string) => ({ period, date, store: null });
    expect(dateIn("month", query("day", "2026-03-09"), NOW)).toBe("2026-03");
    expect(dateIn("year", query("day", "2026-03-09"), NOW)).toBe("2026");
    expect(dateIn("day", query("month", "2026-03"), NOW)).toBe("2026-03-01");
    expect(dateIn("day", query("month", "2026-12"), NOW)).toBe("2026-12-05");
    expect(dateIn("month", query("year", "2025"), NOW)).toBe("2025-01");
    expect(dateIn("day", query("year", "2025"), NOW)).toBe("2025-01-01");
    expect(dateIn("month", query("year", "2026"), NOW)).toBe("2026-12");
  });

  it("knows a period under way", () => {
    expect(isCurrent(periodRange("day", "2026-12-05"), NOW)).toBe(true);
    expect(isCurrent(periodRange("day", "2026-12-04"), NOW)).toBe(false);
    expect(isCurrent(periodRange("year", "2026"), NOW)).toBe(true);
  });
});
