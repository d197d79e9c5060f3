// Test helper: reads the third-party signature vectors in ../shared/vectors (alipay-protocol.md's
// ground truth). A missing directory is an error, never a skipped test.
import { readFileSync } from "node:fs";
import path from "node:path";

export const VECTORS_DIR = process.env.ALIPAY_VECTORS_DIR ?? path.resolve(import.meta.dirname, "../../../../shared/vectors");

export function readVector<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(VECTORS_DIR, name), "utf8")) as T;
}
