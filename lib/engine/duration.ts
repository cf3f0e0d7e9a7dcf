/** Timeouts are milliseconds or a duration string ("30s", "15m", "24h", "7d", "250ms"). */
import { z } from "zod";

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(value: number | string): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * units[match[2] ?? "ms"]);
}

export const durationSchema = z
  .union([z.number(), z.string()])
  .refine((v) => parseDuration(v) !== undefined, { message: 'expected milliseconds or a duration like "30s", "15m", "24h", "7d"' });
