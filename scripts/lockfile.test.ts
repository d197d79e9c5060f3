import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { missingPlatformEntries, platformOf } from "./lockfile";

describe("package-lock.json", () => {
  it("lists every per-platform optional package, so that `npm ci` accepts it (run `npm run lock:fix`)", () => {
    const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8"));
    expect(missingPlatformEntries(lock).map((m) => m.key)).toEqual([]);
  });

  it("reads the platform from the package name", () => {
    expect(platformOf("@next/swc-darwin-arm64")).toEqual({ os: ["darwin"], cpu: ["arm64"] });
    expect(platformOf("@swc/core-linux-arm-gnueabihf")).toEqual({ os: ["linux"], cpu: ["arm"], libc: ["glibc"] });
    expect(platformOf("@tailwindcss/oxide-linux-x64-musl")).toEqual({ os: ["linux"], cpu: ["x64"], libc: ["musl"] });
    expect(platformOf("@tailwindcss/oxide-wasm32-wasi")).toEqual({ cpu: ["wasm32"] });
    expect(platformOf("sharp")).toBeNull();
  });
});
