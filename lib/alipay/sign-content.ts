// The string-to-sign (alipay-protocol.md §1.3 and §4.4): drop the excluded keys and empty values,
// sort keys by code unit, join `k=v` with `&`, no encoding.

export type Params = Readonly<Record<string, string | null | undefined>>;

export function buildSignContent(params: Params, exclude: readonly string[]): string {
  return Object.keys(params)
    .filter((key) => !exclude.includes(key))
    .filter((key) => {
      const value = params[key];
      return value !== undefined && value !== null && value !== "";
    })
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join("&");
}

/** Gateway requests: everything sent except `sign` (§1.3). */
export function requestSignContent(params: Params): string {
  return buildSignContent(params, ["sign"]);
}

/** Trade notifications (rule V1, `rsaCheckV1`): everything received except `sign` and `sign_type` (§4.4). */
export function notifySignContentV1(params: Params): string {
  return buildSignContent(params, ["sign", "sign_type"]);
}

/** App-gateway messages (rule V2, `rsaCheckV2`): everything except `sign`. Not for trade notifications. */
export function notifySignContentV2(params: Params): string {
  return buildSignContent(params, ["sign"]);
}
