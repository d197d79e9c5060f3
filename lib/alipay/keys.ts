// Key loading (alipay-protocol.md §1.4): app private keys come as PKCS#1 or PKCS#8, PEM or bare
// base64, often on one line; Alipay's public key comes as bare base64 SPKI or PEM.
import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";

export class KeyFormatError extends Error {
  override name = "KeyFormatError";
}

const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

function pemBody(text: string): { label: string | null; der: Buffer } {
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? null;
  const body = text
    .replace(/\\n/g, "\n")
    .replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, "")
    .replace(/\s+/g, "");
  if (body.length === 0) throw new KeyFormatError("the key is empty");
  if (!BASE64_PATTERN.test(body)) throw new KeyFormatError("the key is not PEM or base64 text");
  return { label, der: Buffer.from(body, "base64") };
}

/** Loads an RSA private key given as PKCS#1 or PKCS#8, PEM or bare base64. */
export function loadPrivateKey(text: string): KeyObject {
  const { label, der } = pemBody(text);
  if (label && /PUBLIC KEY|CERTIFICATE/.test(label)) {
    throw new KeyFormatError(`expected a private key but got a ${label.toLowerCase()}`);
  }
  const attempts = label === "RSA PRIVATE KEY" ? (["pkcs1"] as const) : (["pkcs8", "pkcs1"] as const);
  for (const type of attempts) {
    try {
      const key = createPrivateKey({ key: der, format: "der", type });
      if (key.asymmetricKeyType !== "rsa") throw new KeyFormatError(`expected an RSA key, got ${key.asymmetricKeyType}`);
      return key;
    } catch (error) {
      if (error instanceof KeyFormatError) throw error;
    }
  }
  throw new KeyFormatError("not an RSA private key in PKCS#1 or PKCS#8 form");
}

/** Loads an RSA public key given as SPKI (PEM or bare base64), PKCS#1 `RSA PUBLIC KEY`, or inside an X.509 certificate. */
export function loadPublicKey(text: string): KeyObject {
  const { label, der } = pemBody(text);
  if (label && /PRIVATE KEY/.test(label)) {
    throw new KeyFormatError("expected a public key but got a private key");
  }
  const candidates: Array<() => KeyObject> = [
    () => createPublicKey({ key: der, format: "der", type: "spki" }),
    () => createPublicKey({ key: der, format: "der", type: "pkcs1" }),
    () => new X509Certificate(der).publicKey,
  ];
  for (const load of candidates) {
    try {
      const key = load();
      if (key.asymmetricKeyType !== "rsa") throw new KeyFormatError(`expected an RSA key, got ${key.asymmetricKeyType}`);
      return key;
    } catch (error) {
      if (error instanceof KeyFormatError) throw error;
    }
  }
  throw new KeyFormatError("not an RSA public key (SPKI, PKCS#1 or certificate)");
}

/** The bare base64 SPKI form Alipay's console shows and expects. */
export function publicKeyToBase64(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return publicKey.export({ format: "der", type: "spki" }).toString("base64");
}

/** SHA-256 of the SPKI, hex: safe to show and log, identifies a key without revealing it. */
export function publicKeyFingerprint(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return createHash("sha256").update(publicKey.export({ format: "der", type: "spki" })).digest("hex");
}

/** True when the private key and the public key are two halves of one pair. */
export function isKeyPair(privateKey: KeyObject, publicKey: KeyObject): boolean {
  return publicKeyFingerprint(createPublicKey(privateKey)) === publicKeyFingerprint(publicKey);
}
