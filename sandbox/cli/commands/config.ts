// The lines the console's .env needs to talk to this sandbox. Only public material: the test app
// private key stays in its file, named here so a person can point ALIPAY_APP_PRIVATE_KEY at it.
import path from "node:path";
import type { Command } from "../command";
import type { ConfigDto } from "../dto";

export const configCommand: Command = {
  name: "config",
  group: "Setup",
  usage: "",
  summary: "the env lines the console needs (redirect into .env.local)",
  flags: [],
  positionals: [0, 0],
  async run(ctx) {
    const data = await ctx.api.get<ConfigDto>("/api/config");
    // The API does not say where the server keeps its data; this is where it does by default.
    const keyFile = path.join(ctx.env.SANDBOX_DATA_DIR || ".sandbox", "keys", "app-private.test-key.pem");
    const text = [
      `# Local Alipay sandbox at ${ctx.api.baseUrl} (TEST KEYS: never use them with the real Alipay)`,
      `ALIPAY_GATEWAY_URL=${data.gateway_url}`,
      `ALIPAY_APP_ID=${data.app_id}`,
      `ALIPAY_SELLER_ID=${data.seller_id}`,
      `ALIPAY_PUBLIC_KEY=${data.alipayPublicKey}`,
      `# ALIPAY_APP_PRIVATE_KEY: the test app key the sandbox generated, in ${keyFile}`,
      "#   (under the sandbox's SANDBOX_DATA_DIR; absent if it was started with SANDBOX_APP_PUBLIC_KEY)",
      `# Alipay public key fingerprint ${data.alipayPublicKeyFingerprint}, app public key fingerprint ${data.appPublicKeyFingerprint}`,
    ].join("\n");
    return { data, text };
  },
};
