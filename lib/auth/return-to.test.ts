import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to";

describe("safeReturnTo", () => {
  it("keeps a path of the console and refuses anything that leaves it", () => {
    expect(safeReturnTo("/orders?status=PAID")).toBe("/orders?status=PAID");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/login", "/api/auth/signout", undefined, ["/a"]]) {
      expect(safeReturnTo(bad)).toBe("/");
    }
  });
});
