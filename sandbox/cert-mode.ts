// Turns the sandbox's certificate mode on (SANDBOX_CERT_MODE=1) and rotates its "Alipay" certificate on
// demand (POST /api/cert/rotate), as Alipay does when its certificate nears expiry: a new key pair, a new
// certificate with a new SN, and from then on every response names that SN and is signed by the new key.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadPrivateKey, loadPublicKey } from "@/lib/alipay/keys";
import type { SandboxConfig } from "./config";
import type { SandboxContext } from "./context";
import { loadSandboxCerts, type SandboxCerts } from "./certs";
import { generatePair, readOrCreate, type SandboxKeys } from "./keys";
import { createSigner } from "./signer";

const keyDir = (config: SandboxConfig) => path.join(config.dataDir, "keys");

function rootKeys(config: SandboxConfig) {
  const root = readOrCreate(keyDir(config), "root-ca");
  return { rootPrivateKey: loadPrivateKey(root.privatePem), rootPublicKey: loadPublicKey(root.publicPem) };
}

/** The certificates when certificate mode is on, else null. */
export function setUpCertMode(config: SandboxConfig, keys: SandboxKeys): SandboxCerts | null {
  if (!config.certMode) return null;
  return loadSandboxCerts(keyDir(config), { ...rootKeys(config), alipayPublicKey: keys.alipayPublicKey, appPublicKey: keys.appPublicKey }, config.appId);
}

/** Replaces the Alipay key pair and certificate; the old signer finishes what it holds, then stops. */
export function rotateAlipayCert(ctx: SandboxContext): SandboxCerts {
  if (!ctx.certs) throw new Error("certificate mode is off (SANDBOX_CERT_MODE=1 turns it on)");
  const pair = generatePair();
  writeFileSync(path.join(keyDir(ctx.config), "alipay-private.test-key.pem"), pair.privatePem, { mode: 0o600 });
  writeFileSync(path.join(keyDir(ctx.config), "alipay-public.test-key.pem"), pair.publicPem);
  const alipayPrivateKey = loadPrivateKey(pair.privatePem);
  const alipayPublicKey = loadPublicKey(pair.publicPem);
  const certs = loadSandboxCerts(keyDir(ctx.config), { ...rootKeys(ctx.config), alipayPublicKey, appPublicKey: ctx.keys.appPublicKey }, ctx.config.appId, { reissueAlipay: true });
  const previous = ctx.signer;
  ctx.keys = { ...ctx.keys, alipayPrivateKey, alipayPublicKey };
  ctx.signer = createSigner({ alipay: alipayPrivateKey, stranger: ctx.keys.strangerPrivateKey }, ctx.config.signingThreads);
  ctx.certs = certs;
  setTimeout(() => void previous.close(), 5_000).unref();
  ctx.log.info("sandbox.cert.rotated", { alipayCertSn: certs.alipayCertSn });
  return certs;
}
