// One gateway call, end to end: parameters, front door, the fault on demand (if any), the method,
// and the signed reply.
import type { FormCharset } from "@/lib/alipay/form";
import { TradeError, type SandboxContext } from "../context";
import { takeGatewayFault, type Fault } from "../faults/store";
import { findTrade } from "../store/trades";
import { checkFrontDoor, FrontDoorError, readParams } from "./common";
import { METHOD_NAMES, METHODS } from "./methods";
import { errorNode, writeReply, type GatewayReply, type ResponseNode } from "./respond";

/** What the HTTP layer does: answer (maybe late), or hold the connection and drop it. */
export type GatewayOutcome = { kind: "reply"; reply: GatewayReply; delayMs: number } | { kind: "hang"; holdMs: number };

/** Where the reply goes and how it is signed, decided before anything is signed. */
type Planned = { kind: "reply"; nodeName: string; node: ResponseNode; signed: boolean; charset: FormCharset; delayMs: number } | { kind: "hang"; holdMs: number };

/** The order a call is about, also when it names only the trade_no (for faults scoped to an order). */
function outTradeNoOf(ctx: SandboxContext, appId: string, biz: Record<string, unknown>): string | undefined {
  if (typeof biz.out_trade_no === "string") return biz.out_trade_no;
  return typeof biz.trade_no === "string" ? findTrade(ctx.db, appId, { tradeNo: biz.trade_no })?.out_trade_no : undefined;
}

function nodeNameOf(method: string): string {
  return `${method.replace(/\./g, "_")}_response`;
}

function errorFrom(error: TradeError): ResponseNode {
  return errorNode(error.code as never, error.subCode, error.subMsg);
}

function safeRun(run: () => ResponseNode): ResponseNode {
  try {
    return run();
  } catch (error) {
    if (error instanceof TradeError) return errorFrom(error);
    throw error;
  }
}

function withFault(fault: Fault, run: () => ResponseNode, nodeName: string, charset: FormCharset): Planned {
  if (fault.kind === "gateway_slow") return { kind: "reply", nodeName, node: safeRun(run), signed: true, charset, delayMs: Number(fault.params.delayMs) };
  // "after": the operation happens, only its answer is lost — the unknown outcome merchants must settle.
  if (fault.params.when === "after") safeRun(run);
  if (fault.kind === "gateway_no_answer") return { kind: "hang", holdMs: Number(fault.params.holdMs) };
  const node = errorNode(String(fault.params.code) as "20000" | "40004", String(fault.params.subCode));
  return { kind: "reply", nodeName, node, signed: true, charset, delayMs: 0 };
}

/** Runs the call: all state changes happen here, synchronously, before anything is signed. */
function plan(ctx: SandboxContext, query: string, body: Buffer): Planned {
  let method: string | undefined;
  let charset: FormCharset = "utf-8";
  try {
    const read = readParams(query, body);
    charset = read.charset;
    method = read.params.method;
    const call = checkFrontDoor(ctx, read.params, charset, METHOD_NAMES);
    const run = () => METHODS.get(call.method)!(ctx, call);
    const nodeName = nodeNameOf(call.method);
    const fault = takeGatewayFault(ctx.db, call.method, outTradeNoOf(ctx, call.appId, call.biz));
    if (fault) ctx.log.info("sandbox.gateway.fault", { method: call.method, fault: fault.kind });
    return fault ? withFault(fault, run, nodeName, charset) : { kind: "reply", nodeName, node: safeRun(run), signed: true, charset, delayMs: 0 };
  } catch (error) {
    if (error instanceof FrontDoorError) {
      return { kind: "reply", nodeName: error.nodeName, node: errorFrom(error), signed: error.signed, charset: error.charset, delayMs: 0 };
    }
    if (error instanceof TradeError && method) return { kind: "reply", nodeName: nodeNameOf(method), node: errorFrom(error), signed: true, charset, delayMs: 0 };
    throw error;
  }
}

export async function handleGateway(ctx: SandboxContext, query: string, body: Buffer): Promise<GatewayOutcome> {
  const planned = plan(ctx, query, body);
  if (planned.kind === "hang") return planned;
  const reply = await writeReply(ctx, planned.nodeName, planned.node, { signed: planned.signed, charset: planned.charset });
  ctx.log.debug("sandbox.gateway.call", { node: planned.nodeName, code: reply.code, subCode: reply.subCode });
  return { kind: "reply", reply, delayMs: planned.delayMs };
}
