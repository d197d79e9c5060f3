// Checkout views for the tests: an order waiting to be paid, changed as each test needs.
import type { CheckoutView } from "@/lib/payments/views";

export function awaitingView(overrides: Partial<CheckoutView> = {}): CheckoutView {
  return {
    id: "Zq3k9xVb1TtR0mP2wY7aLg",
    state: "AWAITING_PAYMENT",
    amount: "12.34",
    subject: "拿铁 Latte",
    qrCode: "https://qr.alipay.com/bax00000",
    scanned: false,
    expiresAt: "2030-01-01T00:30:00.000Z",
    returnUrl: null,
    version: 1,
    ...overrides,
  };
}

export function paidView(overrides: Partial<CheckoutView> = {}): CheckoutView {
  return awaitingView({ state: "PAID", qrCode: null, returnUrl: "https://shop.example/thanks", version: 3, ...overrides });
}
