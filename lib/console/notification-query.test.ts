import { describe, expect, it } from "vitest";
import { notificationSearch, parseNotificationQuery, receivedRange } from "./notification-query";

describe("the notification log's URL", () => {
  it("reads a view and writes the same URL back", () => {
    const search = "?signature=INVALID&outcome=REJECTED&outTradeNo=A1&from=2026-12-01&to=2026-12-02&before=120";
    const { query, problems } = parseNotificationQuery(Object.fromEntries(new URLSearchParams(search)));
    expect(problems).toEqual([]);
    expect(notificationSearch(query)).toBe(search);
    expect(receivedRange(query)).toEqual({ gte: new Date("2026-11-30T16:00:00Z"), lt: new Date("2026-12-02T16:00:00Z") });
  });

  it("names every bad value and keeps the rest of the view", () => {
    const { query, problems } = parseNotificationQuery({ signature: "FORGED", outcome: "LOST", before: "-3", from: "2026-13-01", outTradeNo: "A2" });
    expect(problems.map((p) => p.field)).toEqual(["signature", "outcome", "from", "before"]);
    expect(query.outTradeNo).toBe("A2");
  });
});
