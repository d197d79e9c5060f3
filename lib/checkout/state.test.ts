import { describe, expect, it } from "vitest";

import { LATE_PAYMENT_WATCH_MS, displayedState, isNewerView, isTerminal, parseCheckoutView } from "./state";
import { awaitingView, paidView } from "./testing/views";

describe("isTerminal", () => {
  const expiresAt = "2030-01-01T00:30:00.000Z";
  const expiry = Date.parse(expiresAt);

  it("ends the wait once paid", () => {
    expect(isTerminal(paidView({ expiresAt }), expiry - 60_000)).toBe(true);
  });

  it("keeps waiting for a payment while the order is open", () => {
    expect(isTerminal(awaitingView({ expiresAt }), expiry + LATE_PAYMENT_WATCH_MS)).toBe(false);
    expect(isTerminal(awaitingView({ expiresAt, state: "UNAVAILABLE", qrCode: null }), expiry + LATE_PAYMENT_WATCH_MS)).toBe(false);
  });

  it.each(["CLOSED", "EXPIRED"] as const)("keeps listening to a %s checkout until its QR is dead and the watch is over", (state) => {
    const view = awaitingView({ expiresAt, state, qrCode: null });
    expect(isTerminal(view, expiry - 60_000)).toBe(false);
    expect(isTerminal(view, expiry + LATE_PAYMENT_WATCH_MS - 1)).toBe(false);
    expect(isTerminal(view, expiry + LATE_PAYMENT_WATCH_MS)).toBe(true);
  });
});

describe("isNewerView", () => {
  it("takes a later version", () => {
    expect(isNewerView(awaitingView({ version: 1 }), awaitingView({ version: 2, scanned: true }))).toBe(true);
  });

  it("takes the same version in another state: the expiry passed", () => {
    expect(isNewerView(awaitingView(), awaitingView({ state: "EXPIRED", qrCode: null }))).toBe(true);
  });

  it("ignores the same view again and an older one", () => {
    expect(isNewerView(awaitingView(), awaitingView())).toBe(false);
    expect(isNewerView(paidView({ version: 3 }), awaitingView({ version: 2 }))).toBe(false);
  });
});

describe("displayedState", () => {
  const expiresAt = "2030-01-01T00:30:00.000Z";
  const expiry = Date.parse(expiresAt);

  it("shows a waiting order as expired from its expiry on", () => {
    expect(displayedState(awaitingView({ expiresAt }), expiry - 1)).toBe("AWAITING_PAYMENT");
    expect(displayedState(awaitingView({ expiresAt }), expiry)).toBe("EXPIRED");
    expect(displayedState(awaitingView({ expiresAt, state: "UNAVAILABLE", qrCode: null }), expiry + 1)).toBe("EXPIRED");
  });

  it("keeps what the server said of a paid or closed order", () => {
    expect(displayedState(paidView({ expiresAt }), expiry + 60_000)).toBe("PAID");
    expect(displayedState(awaitingView({ expiresAt, state: "CLOSED", qrCode: null }), expiry + 60_000)).toBe("CLOSED");
  });
});

describe("parseCheckoutView", () => {
  it("accepts a view", () => {
    expect(parseCheckoutView(JSON.parse(JSON.stringify(paidView())))).toEqual(paidView());
  });

  it.each([
    ["null", null],
    ["a string", "PAID"],
    ["an unknown state", { ...awaitingView(), state: "REFUNDED" }],
    ["a version that is not a number", { ...awaitingView(), version: "2" }],
    ["no expiry", { ...awaitingView(), expiresAt: undefined }],
    ["an error body", { error: { code: "NOT_FOUND" } }],
  ])("refuses %s", (_name, value) => {
    expect(parseCheckoutView(value)).toBeNull();
  });
});
