/**
 * Synthetic Istio traffic for the simulator's Prometheus: every injected pod serves `rps` requests per second
 * while it is Running and Ready, with a 0.1 % 5xx rate and a per-workload latency — unless a regression names its
 * proxy's revision (or version) and its workload: then that pod also answers `errorPercent` % 503s and is
 * `latencyMs` slower. Which proxy each pod ran when is recorded from the store's events, so a query about a past
 * window sees the pods of that window (a restart moves traffic from the old proxies to the new ones).
 */
import { deploymentNameFromReplicaSet } from '../../mesh/workloads';
import type { ObjectStore } from '../core/objectStore';
import type { KubeObject, StoreEvent } from '../core/types';
import { isPodReady, isTerminating } from '../controllers/podFactory';
import { asObject } from '../util/json';

export interface Regression {
  /** The proxy's revision (`1-8-0`) or version (`1.8.0`). */
  revision: string;
  namespace: string;
  workload: string;
  /** Extra 503s, percent of requests. */
  errorPercent: number;
  /** Extra latency, ms. */
  latencyMs?: number;
}

export interface TrafficOptions {
  regressions?: Regression[];
  /** `namespace/workload`: served no traffic at all. */
  idle?: string[];
  /** Requests per second per ready injected pod (default 10). */
  rps?: number;
}

/** One pod serving, from `from` until `to` (ms since the epoch; `to` undefined: still serving). */
export interface Serving {
  namespace: string;
  workload: string;
  pod: string;
  revision?: string;
  version?: string;
  from: number;
  to?: number;
}

export const BASE_ERROR_RATIO = 0.001;
export const DEFAULT_RPS = 10;
const KEEP_CLOSED_MS = 24 * 3600_000;

/** `REV:NS/WORKLOAD:PCT[:+MS]`, e.g. `1-8-0:a/cart:5` or `1.8.0:a/cart:0:+250`. */
export function parseRegression(spec: string): Regression {
  const m = /^([A-Za-z0-9._-]+):([a-z0-9-]+)\/([a-z0-9.-]+):(\d+(?:\.\d+)?)(?::\+?(\d+(?:\.\d+)?))?$/.exec(spec.trim());
  if (!m) throw new Error(`--regression ${JSON.stringify(spec)}: expected REVISION:NAMESPACE/WORKLOAD:PERCENT[:+MS], e.g. 1-8-0:a/cart:5`);
  const errorPercent = Number(m[4]);
  if (errorPercent > 100) throw new Error(`--regression ${JSON.stringify(spec)}: at most 100 %`);
  return { revision: m[1], namespace: m[2], workload: m[3], errorPercent, ...(m[5] !== undefined ? { latencyMs: Number(m[5]) } : {}) };
}

/** `--regression` (repeatable; `none`: no regression, not even the scenario's) and `--idle` as traffic options. */
export function trafficArgs(regressions: readonly string[] | undefined, idle: readonly string[] | undefined): TrafficOptions {
  const out: TrafficOptions = {};
  if (regressions?.length) out.regressions = regressions.includes('none') ? [] : regressions.map(parseRegression);
  if (idle?.length) out.idle = [...idle];
  return out;
}

function tagOf(image: unknown): string | undefined {
  const m = /:([^:/@]+)$/.exec(typeof image === 'string' ? image : '');
  return m?.[1]?.replace(/-distroless$/, '');
}

/** What Istio's telemetry calls the pod's workload: its Deployment, StatefulSet, DaemonSet or Job; else the pod. */
export function workloadOf(pod: KubeObject): string {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!owner) return pod.metadata.name;
  if (owner.kind === 'ReplicaSet') return deploymentNameFromReplicaSet(owner.name, pod.metadata.labels?.['pod-template-hash']) ?? owner.name;
  return owner.name;
}

function proxyOf(pod: KubeObject): { revision?: string; version?: string } | undefined {
  const spec = asObject(pod.spec);
  const containers = [...((spec.containers ?? []) as { name?: string; image?: string }[]), ...((spec.initContainers ?? []) as { name?: string; image?: string }[])];
  const proxy = containers.find((c) => c.name === 'istio-proxy');
  if (!proxy) return undefined;
  const a = pod.metadata.annotations ?? {};
  let revision: string | undefined = a['istio.io/rev'];
  if (!revision) {
    try {
      revision = (JSON.parse(a['sidecar.istio.io/status'] ?? 'null') as { revision?: string } | null)?.revision;
    } catch {
      revision = undefined;
    }
  }
  // Injectors before 1.11 labelled the pod instead (istio-model.md M6.3).
  revision ??= pod.metadata.labels?.['istio.io/rev'];
  return { revision, version: tagOf(proxy.image) };
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export class TrafficModel {
  private readonly open = new Map<string, Serving>();
  private closed: Serving[] = [];
  /** Pods of the loaded scenario: whenever they first become ready, they count as serving since `historyFrom`. */
  private readonly scenarioPods = new Set<string>();
  private historyFrom?: number;
  private options: Required<TrafficOptions>;

  constructor(store: ObjectStore, options: TrafficOptions = {}, private readonly now: () => number = Date.now) {
    this.options = { regressions: [], idle: [], rps: DEFAULT_RPS, ...options };
    for (const pod of store.list('pods')) this.observe(pod);
    store.subscribe((e) => this.onEvent(e));
  }

  /** Replaces the regressions (tests and the demo switch them on and off). */
  setRegressions(regressions: Regression[]): void {
    this.options = { ...this.options, regressions };
  }

  setOptions(options: TrafficOptions): void {
    this.options = { ...this.options, ...options };
  }

  /**
   * The scenario's pods (in `store` now) count as serving for the last `ms` too — also those that become ready only
   * later (a pod-ready delay) — so a freshly loaded scenario has a history to compare with. Later pods do not.
   */
  backdate(ms: number, store: ObjectStore): void {
    const from = this.now() - ms;
    this.historyFrom = from;
    for (const pod of store.list('pods')) if (!this.open.has(this.key(pod))) this.scenarioPods.add(this.key(pod));
    for (const s of this.open.values()) if (s.from > from) s.from = from;
  }

  /** Every pod that served at some time within [start, end] (ms). */
  servingBetween(start: number, end: number): Serving[] {
    return [...this.closed, ...this.open.values()].filter((s) => s.from <= end && (s.to ?? Infinity) >= start);
  }

  rps(s: Serving): number {
    return this.options.idle.includes(`${s.namespace}/${s.workload}`) ? 0 : this.options.rps;
  }

  private regression(s: Serving): Regression | undefined {
    const dashed = (v: string | undefined): string | undefined => v?.replace(/\./g, '-');
    return this.options.regressions.find((r) => r.namespace === s.namespace && r.workload === s.workload
      && (r.revision === s.revision || dashed(r.revision) === dashed(s.version)));
  }

  /** The share of a pod's answers that are 503s. */
  errorRatio(s: Serving): number {
    return Math.min(1, BASE_ERROR_RATIO + (this.regression(s)?.errorPercent ?? 0) / 100);
  }

  /** The pod's p99 latency in ms: 40–99 ms per workload, plus a regression's. */
  p99Ms(s: Serving): number {
    return 40 + (hash(`${s.namespace}/${s.workload}`) % 60) + (this.regression(s)?.latencyMs ?? 0);
  }

  private onEvent(e: StoreEvent): void {
    if (e.resource !== 'pods') return;
    if (e.type === 'DELETED') this.close(e.object);
    else this.observe(e.object);
  }

  private key(pod: KubeObject): string {
    return `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid ?? ''}`;
  }

  private observe(pod: KubeObject): void {
    const serving = asObject(pod.status).phase === 'Running' && isPodReady(pod) && !isTerminating(pod);
    const proxy = proxyOf(pod);
    if (!serving || !proxy) {
      this.close(pod);
      return;
    }
    const key = this.key(pod);
    if (this.open.has(key)) return;
    const from = this.scenarioPods.delete(key) && this.historyFrom !== undefined ? this.historyFrom : this.now();
    this.open.set(key, { namespace: pod.metadata.namespace ?? '', workload: workloadOf(pod), pod: pod.metadata.name, ...proxy, from });
  }

  private close(pod: KubeObject): void {
    const key = this.key(pod);
    const s = this.open.get(key);
    if (!s) return;
    this.open.delete(key);
    s.to = this.now();
    this.closed.push(s);
    if (this.closed.length % 1000 === 0) {
      const cutoff = s.to - KEEP_CLOSED_MS;
      this.closed = this.closed.filter((c) => (c.to ?? 0) >= cutoff);
    }
  }
}
