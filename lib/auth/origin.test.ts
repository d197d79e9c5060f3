import { describe, expect, it } from "vitest";
import { clientAddress, isSameOrigin } from "./origin";

describe("clientAddress", () => {
  it("takes the entry the closest trusted hop wrote", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" });
    expect(clientAddress(headers, 0)).toBe("10.0.0.2");
    expect(clientAddress(headers, 1)).toBe("10.0.0.2");
    expect(clientAddress(headers, 2)).toBe("203.0.113.7");
    expect(clientAddress(new Headers(), 0)).toBeNull();
  });
});

describe("isSameOrigin", () => {
  const appUrl = "http://localhost:3000";
  it("accepts the console's own origin and refuses another site's, or none", () => {
    expect(isSameOrigin(new Headers({ origin: "http://localhost:3000", host: "localhost:3000" }), appUrl)).toBe(true);
    expect(isSameOrigin(new Headers({ origin: "https://evil.example", host: "localhost:3000" }), appUrl)).toBe(false);
    expect(isSameOrigin(new Headers({ host: "localhost:3000" }), appUrl)).toBe(false);
  });

  it("falls back to the Referer when a browser sends no Origin", () => {
    expect(isSameOrigin(new Headers({ referer: "http://localhost:3000/orders/abc", host: "localhost:3000" }), appUrl)).toBe(true);
    expect(isSameOrigin(new Headers({ referer: "https://evil.example/localhost:3000", host: "localhost:3000" }), appUrl)).toBe(false);
  });

  it("accepts the host it is served under (another name for the same console)", () => {
    expect(isSameOrigin(new Headers({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }), appUrl)).toBe(true);
  });
});
