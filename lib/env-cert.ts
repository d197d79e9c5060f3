// Certificate mode's configuration (alipay-protocol.md §5): ALIPAY_APP_CERT, ALIPAY_CERT and
// ALIPAY_ROOT_CERT, each the PEM text itself or the path of the .crt file Alipay's console gave. All
// three or none: half a certificate configuration would send requests Alipay refuses. Problems name
// the variable and never quote its value (a private key pasted into the wrong variable stays unprinted).
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { KeyObject } from "node:crypto";
import { CertModeError, loadCertMode, type CertMode, type CertModeInput } from "./alipay/cert-mode";
import { isKeyPair, publicKeyFingerprint } from "./alipay/keys";

const VARIABLES: Record<keyof CertModeInput, string> = { appCert: "ALIPAY_APP_CERT", alipayCert: "ALIPAY_CERT", rootCert: "ALIPAY_ROOT_CERT" };

/** PEM text as given (with `\n` escapes undone, as some secret stores write them), else a file's text. */
function readPemOrFile(name: string, value: string, cwd: string): string {
  if (value.includes("-----BEGIN")) return value.replace(/\\n/g, "\n");
  const file = path.resolve(cwd, value.trim());
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`${name} is neither PEM text nor the path of an existing file`);
  try {
    return readFileSync(file, "utf8");
  } catch {
    throw new Error(`${name} names a file that cannot be read`);
  }
}

export type CertConfig = { certMode: CertMode | null; problems: string[] };

/** Reads certificate mode from the variables; `certMode` is null when none of the three is set. */
export function readCertConfig(raw: Record<string, string | undefined>, cwd = process.cwd()): CertConfig {
  const given = Object.values(VARIABLES).filter((name) => raw[name] !== undefined);
  if (given.length === 0) return { certMode: null, problems: [] };
  if (given.length < 3) {
    const missing = Object.values(VARIABLES).filter((name) => raw[name] === undefined);
    return { certMode: null, problems: [`certificate mode needs ALIPAY_APP_CERT, ALIPAY_CERT and ALIPAY_ROOT_CERT together: ${missing.join(", ")} missing`] };
  }
  const problems: string[] = [];
  const input: Partial<CertModeInput> = {};
  for (const [part, name] of Object.entries(VARIABLES) as Array<[keyof CertModeInput, string]>) {
    try {
      input[part] = readPemOrFile(name, raw[name]!, cwd);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) return { certMode: null, problems };
  try {
    return { certMode: loadCertMode(input as CertModeInput), problems: [] };
  } catch (error) {
    if (error instanceof CertModeError) return { certMode: null, problems: [`${VARIABLES[error.part]} ${error.message}`] };
    throw error;
  }
}

/** Cross-checks in certificate mode: the app certificate certifies our private key; ALIPAY_PUBLIC_KEY, if also given, is the certificate's key. */
export function certModeProblems(certMode: CertMode, appPrivateKey: KeyObject | undefined, alipayPublicKey: KeyObject | undefined): string[] {
  const problems: string[] = [];
  if (appPrivateKey && !isKeyPair(appPrivateKey, certMode.appPublicKey)) {
    problems.push("ALIPAY_APP_CERT certifies another key than ALIPAY_APP_PRIVATE_KEY: give the certificate Alipay issued for this private key");
  }
  if (alipayPublicKey && publicKeyFingerprint(alipayPublicKey) !== publicKeyFingerprint(certMode.alipayPublicKey)) {
    problems.push("ALIPAY_PUBLIC_KEY is not the key inside ALIPAY_CERT: in certificate mode leave ALIPAY_PUBLIC_KEY empty or give the same key");
  }
  if (appPrivateKey && isKeyPair(appPrivateKey, certMode.alipayPublicKey)) {
    problems.push("ALIPAY_CERT certifies your app's own key: it must be Alipay's certificate (alipayCertPublicKey_RSA2.crt)");
  }
  return problems;
}
