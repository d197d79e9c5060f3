import { describe, expect, it } from "vitest";
import type { OpenAlertView } from "@/lib/console/alerts";
import type { AlertFeedItem } from "@/lib/events/items";
import { applyNews, rebase } from "./open-list";

const alert = (id: string, status = "OPEN"): OpenAlertView => ({ id, rule: "INCONSISTENT_NOTIFICATION", severity: "warning", status, detail: {}, occurrences: 1, orderId: null });

function item(a: number, alertId: string, type: string): AlertFeedItem {
  const status = type === "ACKNOWLEDGED" ? "ACKNOWLEDGED" : type === "RESOLVED" ? "RESOLVED" : "OPEN";
  return { kind: "alert", a, alertId, type, rule: "INCONSISTENT_NOTIFICATION", severity: "warning", status, subject: alertId, orderId: null, detail: {}, occurrences: 1 } as AlertFeedItem;
}

const ids = (alerts: OpenAlertView[]) => alerts.map((shown) => `${shown.id}:${shown.status}`);

describe("the overview's open alerts", () => {
  it("takes the feed's news: raised to the top, acknowledged in its place, resolved out, and counts them", () => {
    const list = { alerts: [alert("A"), alert("B")], open: 5 };
    const after = applyNews(list, [item(7, "C", "RAISED"), item(8, "B", "ACKNOWLEDGED"), item(9, "A", "RESOLVED")]);
    expect(ids(after.alerts)).toEqual(["C:OPEN", "B:ACKNOWLEDGED"]);
    expect(after.open).toBe(5);
  });

  it("keeps news a read of the page started before, and drops what the read already had", () => {
    // The page showed C raised (alert event 6); the read that answers now started at event 5, without it.
    const news = [item(4, "A", "ACKNOWLEDGED"), item(6, "C", "RAISED")];
    const early = rebase({ alerts: [alert("A", "ACKNOWLEDGED")], total: 1 }, "10.20.5", news);
    expect(ids(early.list.alerts)).toEqual(["C:OPEN", "A:ACKNOWLEDGED"]);
    expect(early.list.open).toBe(2);
    expect(early.later.map((kept) => kept.a)).toEqual([6]);
    // The next read, from event 6 on, has it: the news is its own.
    const caughtUp = rebase({ alerts: [alert("C"), alert("A", "ACKNOWLEDGED")], total: 2 }, "10.20.6", early.later);
    expect([ids(caughtUp.list.alerts), caughtUp.list.open, caughtUp.later]).toEqual([["C:OPEN", "A:ACKNOWLEDGED"], 2, []]);
  });

  it("counts an alert once when the read listed it already, and counts out a resolved one only if it listed it", () => {
    const news = [item(6, "C", "RAISED"), item(7, "D", "RESOLVED"), item(8, "E", "RESOLVED")];
    const rebased = rebase({ alerts: [alert("C"), alert("D")], total: 4 }, "1.1.5", news);
    expect(ids(rebased.list.alerts)).toEqual(["C:OPEN"]);
    expect(rebased.list.open).toBe(3);
  });
});
