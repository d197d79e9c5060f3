// Faults on demand: add, list, remove, clear, and the catalogue of kinds.
import { formatAlipayTime } from "@/lib/alipay/time";
import { NOTIFY_EVENTS, type NotifyEvent } from "../../faults/kinds";
import { intFlag } from "../args";
import type { Command } from "../command";
import type { FaultDto } from "../dto";
import { UsageError } from "../errors";
import { describeFaultKinds, formatParam, parseFaultParams, toFaultKind } from "../fault-kinds";
import { formatTable, type Style } from "../format";

function toEvent(text: string | undefined): NotifyEvent | undefined {
  if (text === undefined) return undefined;
  const event = NOTIFY_EVENTS.find((e) => e === text.toUpperCase());
  if (!event) throw new UsageError(`--event must be one of ${NOTIFY_EVENTS.join(", ")}, got '${text}'`);
  return event;
}

const paramsText = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");

const scopeText = (f: FaultDto) =>
  [f.outTradeNo ? `trade ${f.outTradeNo}` : "every trade", f.method ? `method ${f.method}` : null, f.event ? `event ${f.event}` : null].filter(Boolean).join(", ");

function renderFaults(faults: readonly FaultDto[], style: Style): string {
  if (faults.length === 0) return "No faults: everything behaves.";
  return formatTable(
    faults,
    [
      { header: "ID", value: (f) => f.id },
      { header: "KIND", value: (f) => f.kind, paint: (text) => style.yellow(text) },
      { header: "TRADE", value: (f) => f.outTradeNo ?? "(all)" },
      { header: "METHOD", value: (f) => f.method },
      { header: "EVENT", value: (f) => f.event },
      { header: "LEFT", value: (f) => f.remaining ?? "∞" },
      { header: "ADDED (Beijing)", value: (f) => formatAlipayTime(new Date(f.createdAt)) },
      { header: "PARAMS", value: (f) => paramsText(f.params) },
    ],
    style,
  );
}

export const faultAddCommand: Command = {
  name: "fault add",
  group: "Faults",
  usage: "<kind> [--trade <out_trade_no>] [--method alipay.trade.refund] [--event PAYMENT|CLOSE|REFUND|FINISH] [--count N] [--param key=value …]",
  summary: "inject a fault: for one trade or all, until removed or for the next N times",
  flags: ["trade", "method", "event", "count", "param"],
  positionals: [1, 1],
  async run(ctx) {
    const kind = toFaultKind(ctx.args[0]!);
    const body = {
      kind,
      outTradeNo: ctx.flags.trade,
      method: ctx.flags.method,
      event: toEvent(ctx.flags.event),
      count: intFlag("count", ctx.flags.count, 1, 1_000_000),
      params: parseFaultParams(kind, ctx.flags.param ?? []),
    };
    const data = await ctx.api.post<{ fault: FaultDto }>("/api/faults", body);
    const f = data.fault;
    const times = f.remaining === null ? "until removed" : `for the next ${f.remaining === 1 ? "time" : `${f.remaining} times`}`;
    const params = paramsText(f.params);
    return { data, text: `Added fault #${f.id} ${f.kind}${params ? ` (${params})` : ""}: ${scopeText(f)}, ${times}.\nRemove it with: npm run sandbox -- fault rm ${f.id}` };
  },
};

export const faultListCommand: Command = {
  name: "fault list",
  group: "Faults",
  usage: "",
  summary: "the faults waiting to fire",
  flags: [],
  positionals: [0, 0],
  async run(ctx) {
    const data = await ctx.api.get<{ faults: FaultDto[] }>("/api/faults");
    return { data, text: renderFaults(data.faults, ctx.style) };
  },
};

export const faultRmCommand: Command = {
  name: "fault rm",
  group: "Faults",
  usage: "<id>",
  summary: "remove one fault",
  flags: [],
  positionals: [1, 1],
  async run(ctx) {
    const id = ctx.args[0]!;
    if (!/^\d+$/.test(id)) throw new UsageError(`fault rm takes a fault id (a number, see \`fault list\`), got '${id}'`);
    const data = await ctx.api.del<{ removed: number }>(`/api/faults/${id}`);
    return { data, text: `Removed fault #${id}.` };
  },
};

export const faultClearCommand: Command = {
  name: "fault clear",
  group: "Faults",
  usage: "[--trade <out_trade_no>]",
  summary: "remove every fault, or a trade's own",
  flags: ["trade"],
  positionals: [0, 0],
  async run(ctx) {
    const data = await ctx.api.del<{ removed: number }>("/api/faults", { out_trade_no: ctx.flags.trade });
    const scope = ctx.flags.trade ? ` for ${ctx.flags.trade}` : "";
    return { data, text: `Removed ${data.removed} fault${data.removed === 1 ? "" : "s"}${scope}.` };
  },
};

export const faultKindsCommand: Command = {
  name: "fault kinds",
  group: "Faults",
  usage: "",
  summary: "every fault kind, what it does, its params and their defaults",
  flags: [],
  positionals: [0, 0],
  async run(ctx) {
    const kinds = describeFaultKinds();
    const { bold, dim } = ctx.style;
    const section = (scope: string, title: string) =>
      [
        bold(title),
        formatTable(
          kinds.filter((k) => k.scope === scope),
          [
            { header: "KIND", value: (k) => k.kind },
            { header: "WHAT HAPPENS", value: (k) => k.explanation },
            { header: "PARAMS (default)", value: (k) => k.params.map(formatParam).join("; ") },
          ],
          ctx.style,
          "  ",
        ),
      ].join("\n");
    const text = [
      section("notification", "Notification faults (scope with --trade, --event)"),
      "",
      section("gateway", "Gateway faults (scope with --trade, --method)"),
      "",
      dim("Example: npm run sandbox -- fault add duplicate --trade T1001 --param times=2 --count 1"),
    ].join("\n");
    return { data: { kinds }, text };
  },
};
