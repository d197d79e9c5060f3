// The methods the sandbox gateway answers, by name.
import type { SandboxContext } from "../../context";
import type { GatewayCall } from "../common";
import type { ResponseNode } from "../respond";
import { billDownloadUrl } from "./bill-url";
import { cancel } from "./cancel";
import { close } from "./close";
import { precreate } from "./precreate";
import { query } from "./query";
import { refund } from "./refund";
import { refundQuery } from "./refund-query";

export type MethodHandler = (ctx: SandboxContext, call: GatewayCall) => ResponseNode;

export const METHODS: ReadonlyMap<string, MethodHandler> = new Map<string, MethodHandler>([
  ["alipay.trade.precreate", precreate],
  ["alipay.trade.query", query],
  ["alipay.trade.refund", refund],
  ["alipay.trade.fastpay.refund.query", refundQuery],
  ["alipay.trade.close", close],
  ["alipay.trade.cancel", cancel],
  ["alipay.data.dataservice.bill.downloadurl.query", billDownloadUrl],
]);

export const METHOD_NAMES: ReadonlySet<string> = new Set(METHODS.keys());
