// The parent's side of the stream reader (scripts/bench/stream-reader.ts): fork it, open its streams,
// wait until they have delivered what the phase sent, close them and take what each one received.
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import type { FollowOptions, StreamResults } from "./live-streams";
import type { ReaderCommand } from "./stream-reader";

type Reply = { type: "opened"; failures: string[] } | { type: "count"; delivered: number } | { type: "results"; results: StreamResults | null };

export type StreamReader = {
  pid: number;
  /** Opens the streams; resolves once each has answered, with the failures (none when all are open). */
  open(options: FollowOptions): Promise<string[]>;
  /** Waits until the streams hold `expected` items, all told, or `timeoutMs` passes; returns how many they hold. */
  drain(expected: number, timeoutMs: number): Promise<number>;
  close(): Promise<StreamResults>;
  /** Ends the reader at once, whatever it was doing (after a failure). */
  kill(): void;
};

function ask<T extends Reply["type"]>(child: ChildProcess, command: ReaderCommand, type: T): Promise<Extract<Reply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: Reply) => {
      if (reply.type !== type) return;
      child.off("message", onMessage).off("exit", onExit);
      resolve(reply as Extract<Reply, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the stream reader exited (${code}) before its ${type} reply`));
    child.on("message", onMessage).once("exit", onExit);
    child.send(command);
  });
}

export function startStreamReader(): StreamReader {
  // The parent's execArgv (tsx's loader) comes along; "advanced" serialization sends the typed arrays as they are.
  const child = fork(path.join(import.meta.dirname, "stream-reader.ts"), { serialization: "advanced", stdio: "inherit" });
  return {
    pid: child.pid!,
    open: async (options) => (await ask(child, { type: "open", options }, "opened")).failures,
    async drain(expected, timeoutMs) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const { delivered } = await ask(child, { type: "count" }, "count");
        if (delivered >= expected || Date.now() > end) return delivered;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      const { results } = await ask(child, { type: "close" }, "results");
      if (!results) throw new Error("the stream reader was closed before it opened its streams");
      return results;
    },
    kill: () => void (child.exitCode === null && child.kill()),
  };
}
