// One delivery attempt over node:http(s) on kept-alive connections: far cheaper per request than
// fetch, which matters when the sandbox drives a merchant's notify endpoint under load.
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { AttemptOutcome } from "../store/notifications";

export type PostResult = { outcome: AttemptOutcome; httpStatus: number | null; body: string | null; error: string | null; latencyMs: number };

const MAX_STORED_RESPONSE = 2048;
const MAX_READ_RESPONSE = 64 * 1024;

export type Poster = { post(url: string, body: string, charset: string, timeoutMs: number): Promise<PostResult>; close(): void };

export function createPoster(maxSockets: number): Poster {
  const agents = { "http:": new HttpAgent({ keepAlive: true, maxSockets }), "https:": new HttpsAgent({ keepAlive: true, maxSockets }) };
  return {
    post(url, body, charset, timeoutMs) {
      const started = performance.now();
      const latency = () => Math.round(performance.now() - started);
      return new Promise<PostResult>((resolve) => {
        const fail = (error: string) => resolve({ outcome: "ERROR", httpStatus: null, body: null, error, latencyMs: latency() });
        let target: URL;
        try {
          target = new URL(url);
        } catch {
          return fail(`not a URL: ${url}`);
        }
        const send = target.protocol === "https:" ? httpsRequest : target.protocol === "http:" ? httpRequest : null;
        if (!send) return fail(`unsupported scheme ${target.protocol}`);
        const bytes = Buffer.from(body, "latin1"); // the body is already percent-encoded ASCII
        const req = send(target, {
          method: "POST",
          agent: agents[target.protocol as "http:" | "https:"],
          headers: {
            "content-type": `application/x-www-form-urlencoded; charset=${charset}`,
            "content-length": bytes.length,
            "user-agent": "Mozilla/4.0 (sandbox notify)",
          },
        });
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on("error", (error: NodeJS.ErrnoException) => fail(error.code && !error.message.includes(error.code) ? `${error.message} (${error.code})` : error.message));
        req.on("response", (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_READ_RESPONSE) chunks.push(chunk);
            else res.destroy();
          });
          res.on("close", () => {
            if (!res.complete && size <= MAX_READ_RESPONSE) return fail(`the response was cut off after ${size} bytes`);
            const text = Buffer.concat(chunks).toString("utf8");
            const outcome = res.statusCode === 200 && text === "success" ? "ACKED" : "REJECTED";
            resolve({ outcome, httpStatus: res.statusCode ?? null, body: text.slice(0, MAX_STORED_RESPONSE), error: null, latencyMs: latency() });
          });
        });
        req.end(bytes);
      });
    },
    close() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}
