"use client";
// The checkout's view as it changes, from the server's events or, failing them, its polling API
// (lib/checkout/watch.ts); `connected` is false while the polls fail.
import { useEffect, useState } from "react";

import { watchCheckout } from "@/lib/checkout/watch";
import type { CheckoutView } from "@/lib/payments/views";

export function useCheckoutStatus(initial: CheckoutView): { view: CheckoutView; connected: boolean } {
  const [view, setView] = useState(initial);
  const [connected, setConnected] = useState(true);

  useEffect(() => watchCheckout({ id: initial.id, initial, onView: setView, onConnection: setConnected }), [initial]);

  return { view, connected };
}
