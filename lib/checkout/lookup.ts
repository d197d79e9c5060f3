// Finding a checkout by its public id, for the page and its two APIs: the view and nothing else of the
// order. An id that cannot be one of ours is unknown without reading the database.
import "server-only";
import { ConfigError } from "@/lib/env";
import { type PaymentsContext, getPayments } from "@/lib/payments/context";
import { type CheckoutView, checkoutView } from "@/lib/payments/views";

export type CheckoutLookup = { kind: "found"; view: CheckoutView; now: Date } | { kind: "unknown" } | { kind: "unconfigured" };

/** newOrderId's base64url, with room to spare: the format is not a secret, only the value is. */
const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

function paymentsOrNull(): PaymentsContext | null {
  try {
    return getPayments();
  } catch (error) {
    if (error instanceof ConfigError) return null;
    throw error;
  }
}

export async function lookupCheckout(id: string): Promise<CheckoutLookup> {
  if (!ID_PATTERN.test(id)) return { kind: "unknown" };
  const ctx = paymentsOrNull();
  if (!ctx) return { kind: "unconfigured" };
  const order = await ctx.db.order.findUnique({ where: { id } });
  if (!order) return { kind: "unknown" };
  const now = ctx.now();
  return { kind: "found", view: checkoutView(order, now), now };
}
