// RSA2 signing off the event loop: the sandbox signs every response and every notification, and one
// thread would make it the bottleneck of the console's load tests. A small pool of worker threads
// signs (SANDBOX_SIGNING_THREADS, default: the machine's cores); 0 signs inline. Requests made in the
// same turn of the event loop travel to a worker as one message.
import { createSign, type KeyObject } from "node:crypto";
import { Worker } from "node:worker_threads";
import iconv from "iconv-lite";
import type { FormCharset } from "@/lib/alipay/form";

export type SigningKey = "alipay" | "stranger";

export type Signer = {
  /** SHA256withRSA over the text in `charset`, standard base64 (alipay-protocol.md §1.3 step 6). */
  sign(content: string, key: SigningKey, charset: FormCharset): Promise<string>;
  close(): Promise<void>;
};

// Plain JavaScript evaluated in each worker, so that it runs the same under tsx, vitest or plain node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createSign } = require("node:crypto");
parentPort.on("message", (batch) => {
  parentPort.postMessage(batch.map(({ id, content, key }) => {
    try {
      return { id, sign: createSign("RSA-SHA256").update(content).sign(workerData.keys[key], "base64") };
    } catch (error) {
      return { id, error: String((error && error.message) || error) };
    }
  }));
});
`;

/** What is signed: UTF-8 text as a string (cheap to send), GBK as its bytes. */
function payload(content: string, charset: FormCharset): string | Buffer {
  return charset === "gbk" ? iconv.encode(content, "gbk") : content;
}

type Job = { id: number; content: string | Buffer; key: SigningKey };
type Result = { id: number; sign?: string; error?: string };

function startWorker(keys: Record<SigningKey, KeyObject>, settle: (results: Result[]) => void, fail: (error: Error) => void) {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { keys } });
  worker.unref();
  worker.on("message", settle);
  worker.on("error", fail);
  return worker;
}

export function createSigner(keys: Record<SigningKey, KeyObject>, threads: number): Signer {
  if (threads === 0) {
    return {
      sign: async (content, key, charset) => createSign("RSA-SHA256").update(payload(content, charset)).sign(keys[key], "base64"),
      close: async () => {},
    };
  }
  const pending = new Map<number, { resolve: (sign: string) => void; reject: (error: Error) => void }>();
  const settle = (results: Result[]) => {
    for (const { id, sign, error } of results) {
      const waiter = pending.get(id);
      pending.delete(id);
      if (sign !== undefined) waiter?.resolve(sign);
      else waiter?.reject(new Error(`signing failed: ${error}`));
    }
  };
  const fail = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  const workers = Array.from({ length: threads }, () => startWorker(keys, settle, fail));
  let queue: Job[] = [];
  let nextId = 0;
  let turn = 0;
  const flush = () => {
    const batch = queue;
    queue = [];
    // Split the turn's jobs over the workers, starting where the last turn stopped.
    const size = Math.ceil(batch.length / workers.length);
    for (let i = 0; i < workers.length && i * size < batch.length; i++) {
      workers[(turn + i) % workers.length]!.postMessage(batch.slice(i * size, (i + 1) * size));
    }
    turn++;
  };
  return {
    sign(content, key, charset) {
      const id = nextId++;
      return new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (queue.push({ id, content: payload(content, charset), key }) === 1) setImmediate(flush);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
