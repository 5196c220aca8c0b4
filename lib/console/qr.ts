import "server-only";
import QRCode from "qrcode";

/** An otpauth:// URI as an SVG QR code (a data URL the page shows; the secret never leaves this answer). */
export async function totpQrCode(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
