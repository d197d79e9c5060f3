// An alert's figures as text, for the page and for the robots: amounts in fen read as yuan, empty ones left out.
import { formatYuan } from "@/lib/money";

export function detailLines(detail: Record<string, unknown>): string[] {
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${key}: ${/Fen$/.test(key) && typeof value === "number" ? `¥${formatYuan(value)}` : String(value)}`);
}
