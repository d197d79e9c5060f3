// What each fault kind does and which params it takes, all from sandbox/faults/kinds.ts.
import { z } from "zod";
import { FAULT_EXPLANATIONS, FAULT_KINDS, FAULT_PARAMS, faultScope, type FaultKind } from "../faults/kinds";
import { UsageError } from "./errors";


export type FaultParam = { name: string; type: string; default?: unknown; choices?: unknown[]; min?: number; max?: number };
export type FaultKindInfo = { kind: FaultKind; scope: ReturnType<typeof faultScope>; explanation: string; params: FaultParam[] };

type JsonProperty = { type?: string; default?: unknown; enum?: unknown[]; minimum?: number; maximum?: number };

function paramsOf(kind: FaultKind): FaultParam[] {
  const schema = z.toJSONSchema(FAULT_PARAMS[kind], { io: "input" }) as { properties?: Record<string, JsonProperty> };
  return Object.entries(schema.properties ?? {}).map(([name, p]) => ({
    name,
    type: p.type ?? "string",
    ...(p.default !== undefined ? { default: p.default } : {}),
    ...(p.enum ? { choices: p.enum } : {}),
    ...(p.minimum !== undefined ? { min: p.minimum } : {}),
    ...(p.maximum !== undefined ? { max: p.maximum } : {}),
  }));
}

export function describeFaultKinds(): FaultKindInfo[] {
  return FAULT_KINDS.map((kind) => ({ kind, scope: faultScope(kind), explanation: FAULT_EXPLANATIONS[kind].en.replace(/`/g, ""), params: paramsOf(kind) }));
}

export function toFaultKind(text: string): FaultKind {
  const kind = FAULT_KINDS.find((k) => k === text);
  if (!kind) throw new UsageError(`unknown fault kind '${text}'; one of: ${FAULT_KINDS.join(", ")} (see \`fault kinds\`)`);
  return kind;
}

/**
 * `--param key=value` pairs as the API wants them: numbers become numbers, except where the kind's
 * param is a string (gateway_error code=40004, tampered_amount amount=0.01 stay strings).
 */
export function parseFaultParams(kind: FaultKind, pairs: readonly string[]): Record<string, unknown> {
  const known = new Map(paramsOf(kind).map((p) => [p.name, p]));
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--param takes key=value, got '${pair}'`);
    const [key, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    const param = known.get(key);
    if (!param) {
      const takes = known.size > 0 ? `it takes ${[...known.keys()].join(", ")}` : "it takes none";
      throw new UsageError(`${kind} has no param '${key}'; ${takes}`);
    }
    const numeric = value.trim() !== "" && Number.isFinite(Number(value));
    params[key] = numeric && param.type !== "string" ? Number(value) : value;
  }
  return params;
}

export function formatParam(p: FaultParam): string {
  const range = p.min !== undefined || p.max !== undefined ? `${p.min ?? ""}..${p.max ?? ""}` : "";
  const allowed = p.choices ? p.choices.join("|") : range;
  const fallback = p.default !== undefined ? `=${String(p.default)}` : " optional";
  return `${p.name}${fallback}${allowed ? ` (${allowed})` : ""}`;
}
