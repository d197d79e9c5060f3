// The sandbox's HTML pages. Returns false when the path is not a page.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "../context";

export async function handlePage(_ctx: SandboxContext, _req: IncomingMessage, _res: ServerResponse, _url: URL): Promise<boolean> {
  return false;
}
