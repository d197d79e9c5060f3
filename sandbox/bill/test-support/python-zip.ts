// Independent checks of a zip by other implementations: CPython's zipfile and Info-ZIP's unzip.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type PythonZip = {
  /** zipfile.testzip(): the first entry whose CRC fails, or null */
  bad: string | null;
  entries: { name: string; flagBits: number; dateTime: number[]; data: Buffer }[];
};

// Contents are read only when every CRC checks out: reading a bad entry raises instead.
const SCRIPT = `
import base64, io, json, sys, zipfile
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()), metadata_encoding="gbk")
bad = z.testzip()
print(json.dumps({"bad": bad, "entries": [
  {"name": i.filename, "flagBits": i.flag_bits, "dateTime": list(i.date_time),
   "data": "" if bad else base64.b64encode(z.read(i)).decode()} for i in z.infolist()]}))
`;

/** Reads the zip with Python, names decoded as GBK. */
export function readWithPython(zip: Buffer): PythonZip {
  const out = JSON.parse(execFileSync("python3", ["-c", SCRIPT], { input: zip, stdio: "pipe" }).toString("utf8"));
  return {
    bad: out.bad,
    entries: out.entries.map((e: { name: string; flagBits: number; dateTime: number[]; data: string }) => ({
      ...e,
      data: Buffer.from(e.data, "base64"),
    })),
  };
}

/** `unzip -tq`: exit status 0 and "No errors detected" when every entry inflates with a good CRC. */
export function testWithUnzip(zip: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "bill-zip-"));
  try {
    const file = path.join(dir, "bill.zip");
    writeFileSync(file, zip);
    return execFileSync("unzip", ["-tq", file], { stdio: "pipe" }).toString("utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
