// GET /api/events – the console's live changes (orders, notifications, alerts) as server-sent events, for a
// signed-in operator; resumes after Last-Event-ID (or ?since=) without losing any (lib/events/feed.ts).
import { consoleRoute } from "@/lib/auth/console-route";
import { parseCursor } from "@/lib/events/cursor";
import { getFeed } from "@/lib/events/feed";
import { feedEventStream } from "@/lib/events/stream";

export const dynamic = "force-dynamic";

export const GET = consoleRoute({ permission: "read" }, async (request) => {
  const from = parseCursor(request.headers.get("last-event-id")) ?? parseCursor(new URL(request.url).searchParams.get("since"));
  const stream = feedEventStream({ feed: getFeed(), from, signal: request.signal });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: Next's gzip (and proxies) would otherwise hold the events back.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
});
