// The sandbox clock: real time plus an offset that only moves forward (QR and trade expiry,
// refund windows, delayed notifications).
import { formatAlipayTime } from "@/lib/alipay/time";
import { parseDuration } from "../../http/duration";
import type { Command } from "../command";
import type { ClockDto } from "../dto";
import { UsageError } from "../errors";
import { formatDurationMs } from "../format";

const describe = (clock: ClockDto) =>
  `Sandbox time ${formatAlipayTime(new Date(clock.now))} (Beijing), ` +
  (clock.offset_ms === 0 ? "same as real time." : `${formatDurationMs(clock.offset_ms)} ahead of real time.`);

export const clockCommand: Command = {
  name: "clock",
  group: "Clock",
  usage: "",
  summary: "the sandbox's time and how far it is ahead of real time",
  flags: [],
  positionals: [0, 0],
  async run(ctx) {
    const data = await ctx.api.get<ClockDto>("/api/clock");
    return { data, text: describe(data) };
  },
};

export const clockAdvanceCommand: Command = {
  name: "clock advance",
  group: "Clock",
  usage: "<duration: 90s, 10m, 2h, 1h30m, 3d or seconds>",
  summary: "move the sandbox's time forward (expiry, retries, delayed faults)",
  flags: [],
  positionals: [1, 1],
  async run(ctx) {
    const text = ctx.args[0]!;
    const advance = /^\d+$/.test(text) ? Number(text) : text;
    if ((typeof advance === "number" && advance <= 0) || (typeof advance === "string" && !parseDuration(advance))) {
      throw new UsageError(`clock advance takes a duration like 90s, 10m, 2h, 1h30m, 3d or a number of seconds, got '${text}'`);
    }
    const data = await ctx.api.post<ClockDto>("/api/clock", { advance });
    return { data, text: describe(data) };
  },
};
