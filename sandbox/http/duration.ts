// Durations as people type them: 90s, 10m, 2h, 3d (or combined, 1h30m).
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(text: string): number | null {
  const parts = [...text.trim().matchAll(/(\d+)([smhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.trim()) return null;
  return parts.reduce((total, [, n, unit]) => total + Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS], 0);
}
