// Everything a sandbox operation needs, passed explicitly: no module-level state.
import type { Logger } from "@/lib/log";
import type { Clock } from "./clock";
import type { SandboxCerts } from "./certs";
import type { SandboxConfig } from "./config";
import type { SandboxKeys } from "./keys";
import type { Signer } from "./signer";
import type { SandboxDb } from "./store/db";

export type SandboxContext = {
  config: SandboxConfig;
  /** Replaced as a whole when the Alipay certificate is rotated (cert-mode.ts), like signer and certs. */
  keys: SandboxKeys;
  /** Certificate mode's certificates and SNs; null in public-key mode. */
  certs: SandboxCerts | null;
  db: SandboxDb;
  clock: Clock;
  log: Logger;
  signer: Signer;
  /** Wakes the notifier when a notification is due now. */
  wake: () => void;
};

/** A business outcome the gateway turns into `40004` (or another code) with this sub-code. */
export class TradeError extends Error {
  override name = "TradeError";
  constructor(
    readonly subCode: string,
    readonly subMsg?: string,
    readonly code: "40004" | "40002" | "20000" = "40004",
  ) {
    super(`${subCode}${subMsg ? `: ${subMsg}` : ""}`);
  }
}
