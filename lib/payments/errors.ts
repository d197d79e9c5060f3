// Errors the payment operations return to their callers (the API, the console): a stable code, a
// message a person can act on, the HTTP status that fits, and details. Never a secret in any of them.
export type PaymentErrorCode =
  | "INVALID_REQUEST"
  | "NOT_FOUND"
  | "CONFLICT"
  | "ORDER_NOT_PAYABLE"
  | "ORDER_NOT_REFUNDABLE"
  | "REFUND_EXCEEDS_PAID"
  | "GATEWAY_ERROR"
  | "GATEWAY_UNKNOWN"
  | "GATEWAY_REJECTED";

const STATUS: Record<PaymentErrorCode, number> = {
  INVALID_REQUEST: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ORDER_NOT_PAYABLE: 409,
  ORDER_NOT_REFUNDABLE: 409,
  REFUND_EXCEEDS_PAID: 409,
  GATEWAY_ERROR: 502,
  GATEWAY_UNKNOWN: 502,
  GATEWAY_REJECTED: 422,
};

export class PaymentError extends Error {
  override name = "PaymentError";
  readonly status: number;
  constructor(
    readonly code: PaymentErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = STATUS[code];
  }
}
