// The benchmarks measure the console's production build: made when there is none, and a warning when
// the sources changed since it was made (the figures would be the old build's).
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT, run } from "../processes";

/** The newest modification time under `dir` (source files only), in ms. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    const source = /\.(ts|tsx|json|prisma|sql)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.parentPath.includes(`${path.sep}generated`);
    if (entry.isFile() && source) {
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** Builds the console when it has no production build; warns when the build is older than its sources. */
export async function ensureConsoleBuild(progress: (line: string) => void): Promise<void> {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (!existsSync(buildId)) {
    progress("no production build of the console: next build");
    await run(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"]);
    return;
  }
  const sources = Math.max(...["app", "lib", "components", "prisma"].map(newestSource));
  if (sources > statSync(buildId).mtimeMs) progress("WARNING: the sources changed since the last production build: these figures are the old build's (npx next build)");
}
