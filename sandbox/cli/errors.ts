// The CLI's three ways to fail, each with its own exit code: the user's command line (2), the
// sandbox not answering (1), the sandbox refusing (1, with the API's own code and message).

export class UsageError extends Error {
  override name = "UsageError";
}

export class UnreachableError extends Error {
  override name = "UnreachableError";
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach the sandbox at ${url} (${reason})`);
  }
}

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}
