import { describe, expect, it } from "vitest";
import { sseParser } from "./sse";

const stream = 'retry: 2000\n\nid: 4.7\nevent: items\ndata: {"items":[{"kind":"notification","n":7}]}\n\n: heartbeat\n\nid: 5.7\nevent: items\ndata: {"items":[]}\n\n';

describe("the live benchmark's SSE parser", () => {
  it("reads the feed's frames, skipping the retry and heartbeat blocks", () => {
    expect(sseParser().push(stream)).toEqual([
      { id: "4.7", event: "items", data: '{"items":[{"kind":"notification","n":7}]}' },
      { id: "5.7", event: "items", data: '{"items":[]}' },
    ]);
  });

  it("gives the same frames whatever the chunks are cut at", () => {
    const whole = sseParser().push(stream);
    for (const size of [1, 2, 3, 7, 16]) {
      const parser = sseParser();
      const frames = [];
      for (let i = 0; i < stream.length; i += size) frames.push(...parser.push(stream.slice(i, i + size)));
      expect(frames).toEqual(whole);
    }
  });

  it("holds a frame back until its blank line, joins data lines, and takes CRLF line ends", () => {
    const parser = sseParser();
    expect(parser.push("event: resync\r\ndata: a\r\ndata:b\r\n")).toEqual([]);
    expect(parser.push("\r\n")).toEqual([{ id: null, event: "resync", data: "a\nb" }]);
    // The event name does not carry over to the next frame; the last id does.
    expect(parser.push("id: 9.9\n\ndata: x\n\n")).toEqual([{ id: "9.9", event: "message", data: "x" }]);
  });
});
