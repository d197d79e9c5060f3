import { describe, expect, it } from "vitest";
import { createLogger } from "./log";

describe("createLogger", () => {
  it("writes one JSON line per event with the event name and fields", () => {
    const lines: string[] = [];
    createLogger({ service: "test" }, (line) => lines.push(line)).info("alipay.notify.received", { outTradeNo: "A1" });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "info", event: "alipay.notify.received", service: "test", outTradeNo: "A1" });
  });

  it("never writes a secret, even nested", () => {
    const lines: string[] = [];
    const logger = createLogger({}, (line) => lines.push(line));
    logger.warn("config.loaded", {
      privateKey: "MIIEvQIBADANBg",
      nested: { sign: "abc==", apiKey: "ak_live", password: "hunter2", authorization: "Bearer x" },
      outTradeNo: "A1",
    });
    expect(lines[0]).not.toMatch(/MIIEvQ|abc==|ak_live|hunter2|Bearer x/);
    expect(JSON.parse(lines[0]!).outTradeNo).toBe("A1");
  });

  it("serialises errors by name and message only", () => {
    const lines: string[] = [];
    createLogger({}, (line) => lines.push(line)).error("db.failed", { error: new TypeError("boom") });
    expect(JSON.parse(lines[0]!).error).toEqual({ name: "TypeError", message: "boom" });
  });
});
