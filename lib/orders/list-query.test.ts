import { describe, expect, it } from "vitest";
import { MAX_PAGE, beijingDayStart } from "@/lib/url-params";
import { orderListPages, orderListSearch, parseOrderListQuery } from "./list-query";

describe("the orders list's URL", () => {
  it("reads a full view and writes the same URL back", () => {
    const search = "?status=PAID&from=2026-12-01&to=2026-12-02&min=1.00&max=99.50&q=A1001&flagged=1&sort=amountFen.asc&page=3&size=100";
    const { query, problems } = parseOrderListQuery(Object.fromEntries(new URLSearchParams(search)));
    expect(problems).toEqual([]);
    expect(query).toEqual({ status: "PAID", from: "2026-12-01", to: "2026-12-02", minFen: 100, maxFen: 9950, q: "A1001", flagged: true, sort: "amountFen", desc: false, page: 3, size: 100 });
    expect(orderListSearch(query)).toBe(search);
  });

  it("leaves the defaults out, so the plain list is the plain URL", () => {
    const { query } = parseOrderListQuery({});
    expect(orderListSearch(query)).toBe("");
    expect(orderListSearch(query, { status: "PENDING" })).toBe("?status=PENDING");
  });

  it("reports each bad value with a reason instead of guessing", () => {
    const { query, problems } = parseOrderListQuery({ status: "LOST", from: "2026-02-30", min: "1.234", max: "-1", sort: "buyer.desc", page: "0", size: "7", q: "x".repeat(65), flagged: "yes" });
    expect(problems.map((p) => p.field)).toEqual(["status", "from", "minFen", "maxFen", "q", "flagged", "sort", "page", "size"]);
    expect(query.status).toBeNull();
    expect(query.page).toBe(1);
  });

  it("refuses a range whose start is after its end", () => {
    expect(parseOrderListQuery({ from: "2026-12-03", to: "2026-12-01" }).problems).toEqual([{ field: "range", reason: "the start date is after the end date" }]);
    expect(parseOrderListQuery({ min: "5", max: "4.99" }).problems).toEqual([{ field: "range", reason: "the minimum amount is above the maximum" }]);
  });

  it("counts days in Beijing time", () => {
    expect(beijingDayStart("2026-12-02").toISOString()).toBe("2026-12-01T16:00:00.000Z");
  });
});

describe("the orders list's pager", () => {
  const at = (page: number, size = 50) => ({ page, size });

  it("counts the pages of a known total, at least one", () => {
    expect(orderListPages({ count: 101, more: false }, at(1), 50)).toEqual({ pages: 3, hasNext: true });
    expect(orderListPages({ count: 101, more: false }, at(3), 1)).toEqual({ pages: 3, hasNext: false });
    expect(orderListPages({ count: 0, more: false }, at(1), 0)).toEqual({ pages: 1, hasNext: false });
  });

  it("past the count's cap, offers the next page while this one is full, up to the last page a URL may ask for", () => {
    expect(orderListPages({ count: 10_000, more: true }, at(250), 50)).toEqual({ pages: null, hasNext: true });
    expect(orderListPages({ count: 10_000, more: true }, at(250), 12)).toEqual({ pages: null, hasNext: false });
    expect(orderListPages({ count: 10_000, more: true }, at(MAX_PAGE), 50)).toEqual({ pages: null, hasNext: false });
  });

  it("never offers a page beyond MAX_PAGE", () => {
    expect(orderListPages({ count: 1_000_000, more: false }, at(MAX_PAGE), 50)).toEqual({ pages: 20_000, hasNext: false });
  });
});
