import { describe, expect, it } from "vitest";
import { asGatewayOutcome, gatewayCallSearch, parseGatewayCallQuery } from "./gateway-call-query";
import { beijingDayRange } from "@/lib/url-params";

const parse = (search: string) => parseGatewayCallQuery(Object.fromEntries(new URLSearchParams(search)));

describe("the gateway calls list's URL", () => {
  it("reads a full view and writes the same URL back", () => {
    const search = "?method=alipay.trade.query&outcome=BUSINESS_ERROR&code=ACQ.TRADE_NOT_EXIST&outTradeNo=A1001_x&from=2026-12-01&to=2026-12-02&page=3&size=100";
    const { query, problems } = parse(search);
    expect(problems).toEqual([]);
    expect(query).toEqual({ method: "alipay.trade.query", outcome: "BUSINESS_ERROR", code: "ACQ.TRADE_NOT_EXIST", outTradeNo: "A1001_x", from: "2026-12-01", to: "2026-12-02", page: 3, size: 100 });
    expect(gatewayCallSearch(query)).toBe(search);
  });

  it("leaves the defaults out, so the plain list is the plain URL", () => {
    const { query } = parseGatewayCallQuery({});
    expect(gatewayCallSearch(query)).toBe("");
    expect(gatewayCallSearch(query, { outcome: "UNKNOWN", page: 2 })).toBe("?outcome=UNKNOWN&page=2");
  });

  it("treats an empty or blank parameter as absent, and takes the first of repeated ones", () => {
    expect(parseGatewayCallQuery({ method: "", code: "  ", outcome: ["FORGED", "SUCCESS"] })).toEqual({ query: expect.objectContaining({ method: null, code: null, outcome: "FORGED" }), problems: [] });
  });

  it("reports each bad value with a reason instead of guessing", () => {
    const { query, problems } = parseGatewayCallQuery({ method: "alipay.trade.pay", outcome: "success", code: "ACQ TRADE", outTradeNo: "A-1", from: "2026-02-30", to: "12/01/2026", page: "2001", size: "10" });
    expect(problems.map((p) => p.field)).toEqual(["method", "outcome", "code", "outTradeNo", "from", "to", "page", "size"]);
    expect(query).toEqual({ method: null, outcome: null, code: null, outTradeNo: null, from: null, to: null, page: 1, size: 50 });
  });

  it("refuses a range whose start is after its end", () => {
    expect(parse("from=2026-12-03&to=2026-12-01").problems).toEqual([{ field: "range", reason: "the start date is after the end date" }]);
  });

  it("counts days in Beijing time, the end day included", () => {
    expect(beijingDayRange("2026-12-01", "2026-12-02")).toEqual({ gte: new Date("2026-11-30T16:00:00Z"), lt: new Date("2026-12-02T16:00:00Z") });
    expect(beijingDayRange(null, null)).toBeUndefined();
  });

  it("does not believe a stored outcome it does not know", () => {
    expect(asGatewayOutcome("FORGED")).toBe("FORGED");
    expect(asGatewayOutcome("PAID")).toBe("UNKNOWN");
  });
});
