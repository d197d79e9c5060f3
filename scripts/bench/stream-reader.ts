// The live benchmark's stream reader, a process of its own (forked by scripts/bench/live-reader.ts): the
// 200 streams' frames are parsed there, so that their parsing neither delays the notifications' sends nor
// is counted in their latency, and its CPU time is measured apart from the load generator's.
import { type FollowOptions, followStreams } from "./live-streams";

export type ReaderCommand = { type: "open"; options: FollowOptions } | { type: "count" } | { type: "close" };

let streams: ReturnType<typeof followStreams> | undefined;

process.on("message", (command: ReaderCommand) => {
  if (command.type === "open") {
    streams = followStreams(command.options);
    void streams.opened.then((failures) => process.send!({ type: "opened", failures }));
  } else if (command.type === "count") {
    process.send!({ type: "count", delivered: streams?.delivered() ?? 0 });
  } else {
    process.send!({ type: "results", results: streams?.close() ?? null }, () => process.exit(0));
  }
});
