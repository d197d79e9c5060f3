// One line per fault kind saying what the merchant will see, for the faults form and table.
import { FAULT_EXPLANATIONS, FAULT_PARAMS, type FaultKind } from "../faults/kinds";
import { escapeHtml, raw, type Html } from "./html";
import type { Lang } from "./i18n";

/** Plain text, for the form's data attribute the client script copies into the page. */
export function faultHelp(kind: FaultKind, lang: Lang): string {
  return FAULT_EXPLANATIONS[kind][lang === "zh" ? "zh" : "en"].replace(/`/g, "");
}

/** Markup, with the `param` names set as code. */
export function faultHelpHtml(kind: FaultKind, lang: Lang): Html {
  return raw(escapeHtml(FAULT_EXPLANATIONS[kind][lang === "zh" ? "zh" : "en"]).replace(/`([^`]+)`/g, "<code>$1</code>"));
}

/** A kind's parameters with their defaults filled in: the placeholder of the params field. */
export function defaultParams(kind: FaultKind): string {
  const parsed = FAULT_PARAMS[kind].safeParse({});
  return parsed.success ? JSON.stringify(parsed.data) : "{}";
}
