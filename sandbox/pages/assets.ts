// GET /assets/<name>.js – the pages' client scripts, plain browser JavaScript kept next to this file.
// Read once at start-up; only the names listed here are served.
import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";

const NAMES = ["sandbox.js", "buyer.js", "faults.js"] as const;

const FILES = new Map(NAMES.map((name) => [name, readFileSync(new URL(`./assets/${name}`, import.meta.url))]));

export function serveAsset(res: ServerResponse, name: string): boolean {
  const file = FILES.get(name as (typeof NAMES)[number]);
  if (!file) return false;
  res.writeHead(200, {
    "content-type": "text/javascript; charset=utf-8",
    "content-length": file.length,
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
  });
  res.end(file);
  return true;
}
