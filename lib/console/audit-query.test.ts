import { describe, expect, it } from "vitest";
import { auditSearch, parseAuditQuery } from "./audit-query";

const parse = (search: string) => parseAuditQuery(Object.fromEntries(new URLSearchParams(search)));

describe("the audit log's URL", () => {
  it("reads a full view and writes the same URL back", () => {
    const search = "?action=order.refund&outcome=DENIED&actor=ops%40shop.example&target=3f1c2a9e-6a0b-4c1d-9e8f-0a1b2c3d4e5f&from=2026-12-01&to=2026-12-01&page=2&size=20";
    const { query, problems } = parse(search);
    expect(problems).toEqual([]);
    expect(query).toEqual({ action: "order.refund", outcome: "DENIED", actor: "ops@shop.example", target: "3f1c2a9e-6a0b-4c1d-9e8f-0a1b2c3d4e5f", from: "2026-12-01", to: "2026-12-01", page: 2, size: 20 });
    expect(auditSearch(query)).toBe(search);
  });

  it("leaves the defaults out, so the plain log is the plain URL", () => {
    const { query } = parseAuditQuery({});
    expect(auditSearch(query)).toBe("");
    expect(auditSearch(query, { action: "auth.sign_in" })).toBe("?action=auth.sign_in");
  });

  it("finds an actor however the email is typed: emails are recorded in lower case", () => {
    expect(parse("actor=%20Ops@Shop.Example%20").query.actor).toBe("ops@shop.example");
  });

  it("reports each bad value with a reason instead of guessing", () => {
    const { query, problems } = parseAuditQuery({ action: "order.delete", outcome: "ok", actor: "a b@x", target: "order:1", from: "2026-13-01", page: "1.5", size: "500" });
    expect(problems.map((p) => p.field)).toEqual(["action", "outcome", "actor", "target", "from", "page", "size"]);
    expect(query).toEqual({ action: null, outcome: null, actor: null, target: null, from: null, to: null, page: 1, size: 50 });
  });

  it("refuses a range whose start is after its end", () => {
    expect(parse("from=2026-12-02&to=2026-12-01").problems).toEqual([{ field: "range", reason: "the start date is after the end date" }]);
  });
});
