// One gateway call, end to end: parameters, front door, the fault on demand (if any), the method,
// and the signed reply. Every call is recorded with its code and latency.
import { sql } from "../store/db";
import { findTrade } from "../store/trades";
import type { FormCharset } from "@/lib/alipay/form";
import { TradeError, type SandboxContext } from "../context";
import { takeGatewayFault, type Fault } from "../faults/store";
import { checkFrontDoor, FrontDoorError, readParams } from "./common";
import { METHOD_NAMES, METHODS } from "./methods";
import { errorNode, writeReply, type GatewayReply, type ResponseNode } from "./respond";

/** What the HTTP layer does: answer (maybe late), or hold the connection and drop it. */
export type GatewayOutcome = { kind: "reply"; reply: GatewayReply; delayMs: number } | { kind: "hang"; holdMs: number };

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

function applyFault(ctx: SandboxContext, fault: Fault, run: () => ResponseNode, nodeName: string, charset: FormCharset): GatewayOutcome {
  const after = fault.params.when === "after";
  if (fault.kind === "gateway_slow") {
    return { kind: "reply", reply: writeReply(ctx, nodeName, safeRun(run), { signed: true, charset }), delayMs: Number(fault.params.delayMs) };
  }
  if (after) safeRun(run);
  if (fault.kind === "gateway_no_answer") return { kind: "hang", holdMs: Number(fault.params.holdMs) };
  const code = String(fault.params.code) as "20000" | "40004";
  const subCode = String(fault.params.subCode);
  return { kind: "reply", reply: writeReply(ctx, nodeName, errorNode(code, subCode), { signed: true, charset }), delayMs: 0 };
}

function safeRun(run: () => ResponseNode): ResponseNode {
  try {
    return run();
  } catch (error) {
    if (error instanceof TradeError) return errorFrom(error);
    throw error;
  }
}

export function handleGateway(ctx: SandboxContext, query: string, body: Buffer): GatewayOutcome {
  const started = performance.now();
  let method: string | undefined;
  let outTradeNo: string | undefined;
  let fault: Fault | undefined;
  let outcome: GatewayOutcome;
  let charset: FormCharset = "utf-8";
  try {
    const read = readParams(query, body);
    const params = read.params;
    charset = read.charset;
    method = params.method;
    const call = checkFrontDoor(ctx, params, charset, METHOD_NAMES);
    outTradeNo = outTradeNoOf(ctx, call.appId, call.biz);
    const run = () => METHODS.get(call.method)!(ctx, call);
    const nodeName = nodeNameOf(call.method);
    fault = takeGatewayFault(ctx.db, call.method, outTradeNo);
    outcome = fault
      ? applyFault(ctx, fault, run, nodeName, charset)
      : { kind: "reply", reply: writeReply(ctx, nodeName, safeRun(run), { signed: true, charset }), delayMs: 0 };
  } catch (error) {
    if (error instanceof FrontDoorError) {
      outcome = { kind: "reply", reply: writeReply(ctx, error.nodeName, errorFrom(error), { signed: error.signed, charset: error.charset }), delayMs: 0 };
    } else if (error instanceof TradeError && method) {
      outcome = { kind: "reply", reply: writeReply(ctx, nodeNameOf(method), errorFrom(error), { signed: true, charset }), delayMs: 0 };
    } else {
      throw error;
    }
  }
  const reply = outcome.kind === "reply" ? outcome.reply : undefined;
  sql(ctx.db, "INSERT INTO gateway_calls (received_at, method, app_id, out_trade_no, code, sub_code, latency_ms, fault) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(ctx.clock.now(), method ?? null, null, outTradeNo ?? null, reply?.code ?? null, reply?.subCode ?? null, Math.round(performance.now() - started), fault?.kind ?? null);
  return outcome;
}
