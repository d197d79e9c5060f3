// Server-sent events as the live benchmark's reader sees them: text arrives in chunks cut anywhere, and
// a frame (its `id:`, `event:` and `data:` lines) is complete only at the blank line after it (WHATWG
// HTML, "Interpreting an event stream"). Comments (`: heartbeat`) and `retry:` carry no event.

export type SseFrame = { id: string | null; event: string; data: string };

/** A parser for one stream: push() each decoded chunk, get back the frames it completed. */
export function sseParser(): { push(chunk: string): SseFrame[] } {
  let pending = "";
  let id: string | null = null;
  let event = "";
  let data: string[] = [];
  return {
    push(chunk) {
      const frames: SseFrame[] = [];
      const lines = (pending + chunk).split("\n");
      // The last piece has no line end yet: it waits for the next chunk.
      pending = lines.pop()!;
      for (const raw of lines) {
        const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
        if (line === "") {
          // A frame without data is not dispatched, but its id still stands (as a browser keeps it).
          if (data.length > 0) frames.push({ id, event: event || "message", data: data.join("\n") });
          event = "";
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + (line[colon + 1] === " " ? 2 : 1));
        if (field === "id") id = value;
        else if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      return frames;
    },
  };
}
