// The payment QR as the page shows it: a PNG drawn on the server, so it appears without any script.
import "server-only";
import QRCode from "qrcode";

/** A PNG data URL of `text`, large enough to stay sharp on a phone's dense screen. */
export function renderQrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { type: "image/png", errorCorrectionLevel: "M", margin: 2, width: 480 });
}
