import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";

import { renderQrDataUrl } from "./qr-image";

describe("renderQrDataUrl", () => {
  it("draws a PNG that decodes to the text", async () => {
    const text = "https://qr.alipay.com/bax08432fvbiaz3bxvho0057";
    const url = await renderQrDataUrl(text);
    expect(url.startsWith("data:image/png;base64,")).toBe(true);
    const png = PNG.sync.read(Buffer.from(url.slice(url.indexOf(",") + 1), "base64"));
    expect(png.width).toBe(480);
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(text);
  });
});
