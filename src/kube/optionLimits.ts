/**
 * Ranges of the numeric options, shared by the VS Code settings and the CLI flags. Enforced in code: package.json's
 * minimum/maximum are only hints to the settings editor, and an untrusted workspace can set any value (0, -1, 1e12 —
 * a timer longer than 2^31-1 ms fires at once).
 */
export interface OptionRange {
  min: number;
  max: number;
  /** Used when the value is missing or not a finite number. */
  fallback: number;
  integer?: boolean;
}

export const LIMITS = {
  requestTimeoutSeconds: { min: 1, max: 300, fallback: 15 },
  connectTimeoutSeconds: { min: 1, max: 120, fallback: 5 },
  execTimeoutSeconds: { min: 1, max: 600, fallback: 30 },
  pageSize: { min: 10, max: 5000, fallback: 500, integer: true },
  rolloutTimeoutSeconds: { min: 10, max: 3600, fallback: 300 },
  retryMaxAttempts: { min: 1, max: 10, fallback: 5, integer: true },
  retryMaxWaitSeconds: { min: 0, max: 300, fallback: 30 },
  // The traffic gate (issue 16): settings istioCanary.gate.*, CLI flags of migrate.
  'gate.soakSeconds': { min: 1, max: 3600, fallback: 60 },
  'gate.windowSeconds': { min: 10, max: 86_400, fallback: 300 },
  'gate.maxErrorRateIncrease': { min: 0, max: 100, fallback: 1 },
  'gate.maxLatencyRatio': { min: 1, max: 100, fallback: 1.5 },
  'gate.minRequests': { min: 0, max: 1e9, fallback: 100, integer: true },
} as const satisfies Record<string, OptionRange>;

export type LimitedOption = keyof typeof LIMITS;

/** The value within its range; the fallback when it is not a finite number. */
export function clampOption(name: LimitedOption, value: unknown): number {
  const r: OptionRange = LIMITS[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) return r.fallback;
  const n = r.integer ? Math.round(value) : value;
  return Math.min(r.max, Math.max(r.min, n));
}
