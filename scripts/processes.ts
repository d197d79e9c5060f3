// Child processes for the scripts: run to completion, or start a server and wait until it answers.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");

/** Runs a command to completion; rejects with its exit code. Output goes to the terminal. */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: "inherit", ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

export type Output = "inherit" | { prefix: string } | { file: string };

/** Starts a long-running process; its output is inherited, prefixed, or written to a file. */
export function start(command: string, args: string[], env: NodeJS.ProcessEnv, output: Output): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: output === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"] });
  if (output !== "inherit") {
    if ("file" in output) {
      const file = createWriteStream(output.file, { flags: "a" });
      child.stdout!.pipe(file);
      child.stderr!.pipe(file);
    } else {
      for (const stream of [child.stdout!, child.stderr!]) {
        let pending = "";
        stream.on("data", (chunk: Buffer) => {
          const lines = (pending + chunk.toString("utf8")).split("\n");
          pending = lines.pop() ?? "";
          for (const line of lines) process.stdout.write(`${output.prefix} ${line}\n`);
        });
      }
    }
  }
  return child;
}

export async function stop(child: ChildProcess | undefined, timeoutMs = 10_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers HTTP at all (any status), or fails with the reason. */
export async function waitForHttp(url: string, child: ChildProcess, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before answering on ${url}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${what} did not answer on ${url} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Fails clearly when a port is taken, instead of letting a server die with EADDRINUSE. */
export function assertPortFree(port: number, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", () => reject(new Error(`port ${port} is in use: set ${name} to another port`)));
    server.listen(port, "0.0.0.0", () => server.close(() => resolve()));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
