/**
 * The traffic gate of `migrate` on the command line: its flags (checked before any request), where Prometheus is
 * (`--prometheus URL`, else found through the API server), and what happens when the gate cannot judge
 * (`--gate-undecided stop|continue`; a terminal cannot be asked). `--gate auto` (default) runs the gate when
 * Prometheus is found and says so when not; `--gate traffic` refuses to run without it; `--gate none` skips it.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { findPrometheus } from '../kube/prometheus/prometheusDiscovery';
import type { PrometheusClient } from '../kube/prometheus/prometheusClient';
import { prometheusViaService } from '../kube/prometheus/prometheusViaService';
import { prometheusViaUrl } from '../kube/prometheus/prometheusViaUrl';
import { DEFAULT_GATE_THRESHOLDS, gateLine, type GateThresholds } from '../mesh/trafficGate';
import { createTrafficGate, type NamespaceGate } from '../upgrade/trafficGate';
import { RefusedError, UsageError } from './cliErrors';
import { LIMITS, type LimitedOption } from '../kube/optionLimits';
import type { CliIo } from './cliTypes';

export interface GateArgs {
  mode: 'auto' | 'traffic' | 'none';
  prometheus?: string;
  windowSeconds: number;
  soakSeconds: number;
  thresholds: GateThresholds;
  undecided: 'stop' | 'continue';
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function number(values: Values, flag: string, option: LimitedOption): number {
  const { min, max, fallback } = LIMITS[option];
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${flag} must be a number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  return n;
}

function oneOf<T extends string>(values: Values, flag: string, allowed: readonly T[], fallback: T): T {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}`);
  return raw as T;
}

/** The gate flags of `migrate`, checked before any file or cluster is read. */
export function gateArgs(values: Values): GateArgs {
  const prometheus = typeof values.prometheus === 'string' ? values.prometheus : undefined;
  if (prometheus !== undefined && !/^https?:\/\/[^\s/]/.test(prometheus)) throw new UsageError(`--prometheus must be an http:// or https:// URL, not ${JSON.stringify(prometheus.slice(0, 80))}`);
  const mode = oneOf(values, 'gate', ['auto', 'traffic', 'none'] as const, 'auto');
  if (mode === 'none' && prometheus !== undefined) throw new UsageError('--prometheus does not go with --gate none');
  return {
    mode, prometheus,
    windowSeconds: number(values, 'gate-window', 'gate.windowSeconds'),
    soakSeconds: number(values, 'soak', 'gate.soakSeconds'),
    thresholds: {
      maxErrorRateIncrease: number(values, 'max-5xx-increase', 'gate.maxErrorRateIncrease'),
      maxLatencyRatio: number(values, 'max-p99-ratio', 'gate.maxLatencyRatio'),
      minLatencyIncreaseMs: DEFAULT_GATE_THRESHOLDS.minLatencyIncreaseMs,
      minRequests: Math.round(number(values, 'min-requests', 'gate.minRequests')),
    },
    undecided: oneOf(values, 'gate-undecided', ['stop', 'continue'] as const, 'stop'),
  };
}

async function locate(client: ClusterClient, args: GateArgs, io: CliIo, timeoutMs?: number): Promise<PrometheusClient | undefined> {
  if (args.prometheus) return prometheusViaUrl(args.prometheus, { timeoutMs });
  const found = await findPrometheus(client);
  if (found.found) return prometheusViaService(client, found.target);
  const why = `no Prometheus found (looked for the Services ${found.tried.join(', ')})${found.problems.length ? `; ${found.problems.join('; ')}` : ''}`;
  if (args.mode === 'traffic') throw new RefusedError(`--gate traffic: ${why}. Give --prometheus URL, or --gate none to migrate without it.`);
  io.err(`note: the traffic gate is off: ${why}. Give --prometheus URL to turn it on, or --gate none to say you know.`);
  return undefined;
}

/** The gate for a run, or undefined (off, not found with --gate auto, or a dry run). */
export async function cliGate(client: ClusterClient, args: GateArgs, io: CliIo, o: { dryRun?: boolean; json?: boolean; timeoutMs?: number } = {}): Promise<NamespaceGate | undefined> {
  if (args.mode === 'none' || o.dryRun) return undefined;
  const prometheus = await locate(client, args, io, o.timeoutMs);
  if (!prometheus) return undefined;
  const t = args.thresholds;
  if (!o.json) io.err(`traffic gate: ${prometheus.where}; baseline ${args.windowSeconds} s, soak ${args.soakSeconds} s; stops at +${t.maxErrorRateIncrease} pp 5xx or p99 ×${t.maxLatencyRatio}; needs ${t.minRequests} requests`);
  return createTrafficGate({
    prometheus, thresholds: t, windowSeconds: args.windowSeconds, soakSeconds: args.soakSeconds,
    decide: async (result) => {
      io.err(`${result.namespace}: ${gateLine(result)} — --gate-undecided ${args.undecided}: ${args.undecided === 'continue' ? 'going on' : 'stopping'}`);
      return args.undecided;
    },
  });
}
