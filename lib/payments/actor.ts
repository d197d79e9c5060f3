// Who is acting, for the order's history: "user:<email>" for an operator, "api_key:<name>" for the
// shop's server. Set once where the request enters (the API wrapper, the console's routes) and read by
// the event writers, so that no payment operation needs a parameter it only passes along.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

const storage = new AsyncLocalStorage<string>();

export function runAsActor<T>(actor: string, work: () => Promise<T>): Promise<T> {
  return storage.run(actor.slice(0, 200), work);
}

/** The actor of the current request, or null for the system itself (the worker, notifications). */
export function currentActor(): string | null {
  return storage.getStore() ?? null;
}
