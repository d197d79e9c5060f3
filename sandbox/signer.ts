// RSA2 signing off the event loop: the sandbox signs every response and every notification, and one
// thread would make it the bottleneck of the console's load tests. A small pool of worker threads
// signs (SANDBOX_SIGNING_THREADS, default: the machine's cores); 0 signs inline.
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
parentPort.on("message", ({ id, bytes, key }) => {
  try {
    parentPort.postMessage({ id, sign: createSign("RSA-SHA256").update(bytes).sign(workerData.keys[key], "base64") });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

function bytesOf(content: string, charset: FormCharset): Buffer {
  return charset === "gbk" ? iconv.encode(content, "gbk") : Buffer.from(content, "utf8");
}

export function createSigner(keys: Record<SigningKey, KeyObject>, threads: number): Signer {
  if (threads === 0) {
    return {
      sign: async (content, key, charset) => createSign("RSA-SHA256").update(bytesOf(content, charset)).sign(keys[key], "base64"),
      close: async () => {},
    };
  }
  type Pending = { resolve: (sign: string) => void; reject: (error: Error) => void };
  const pending = new Map<number, Pending>();
  const load = new Map<Worker, number>();
  let nextId = 0;
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { keys } });
    worker.unref();
    load.set(worker, 0);
    worker.on("message", (message: { id: number; sign?: string; error?: string }) => {
      load.set(worker, load.get(worker)! - 1);
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.sign !== undefined) waiter?.resolve(message.sign);
      else waiter?.reject(new Error(`signing failed: ${message.error}`));
    });
    worker.on("error", (error) => {
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    return worker;
  });
  return {
    sign(content, key, charset) {
      const worker = workers.reduce((best, w) => (load.get(w)! < load.get(best)! ? w : best));
      const id = nextId++;
      load.set(worker, load.get(worker)! + 1);
      return new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, bytes: bytesOf(content, charset), key });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
