/**
 * The typed message protocol of the Proxy versions panel, shared by the extension and the page (both import
 * this file; the page's copy is bundled by esbuild). Every inbound message is validated at runtime: the page
 * renders cluster data, so its messages are treated as untrusted input.
 */
import type { ProxyDiff } from '../mesh/proxyDiff';
import type { WorkloadTraffic } from '../mesh/trafficGate';
import { parseTraffic } from './panelTraffic';

export const VIEW_TYPE = 'istioCanary.proxyVersions';

/** Extension → page. */
export type OutboundMessage =
  | {
    type: 'render'; title: string; diff: ProxyDiff; live: boolean; updatedAt: string;
    /** What the run's traffic gate measured (absent: no gate ran). */
    traffic?: WorkloadTraffic[];
    /** Sent when it changes: the page stores it for the serializer. */
    state?: PanelState;
    /** VS Code's translation bundle of the display language (vscode.l10n.bundle; absent: English, the default text). */
    l10n?: Record<string, string>;
  }
  | { type: 'notice'; text: string };

/** Page → extension. */
export type InboundMessage =
  | { type: 'ready' }
  | { type: 'restartWorkload'; namespace: string; kind: 'Deployment' | 'StatefulSet' | 'DaemonSet'; name: string }
  | { type: 'verifyNamespace'; namespace: string }
  | { type: 'revealNamespace'; namespace: string }
  | { type: 'copyMarkdown' }
  | { type: 'saveReport'; format: 'markdown' | 'yaml' }
  | { type: 'resetBaseline' };

/** What the page keeps with vscode.setState, and what the serializer gets back after a reload. */
export interface PanelState {
  context: string;
  title: string;
  baseline: import('../mesh/proxyDiff').Baseline;
  traffic?: WorkloadTraffic[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(v: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(v).every((k) => keys.includes(k));
}

/** The message if it is well-formed, else undefined (and the caller ignores it). */
export function parseInbound(raw: unknown): InboundMessage | undefined {
  if (!isObject(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
    case 'copyMarkdown':
    case 'resetBaseline':
      return onlyKeys(raw, ['type']) ? { type: raw.type } : undefined;
    case 'verifyNamespace':
    case 'revealNamespace':
      return onlyKeys(raw, ['type', 'namespace']) && typeof raw.namespace === 'string' && DNS_LABEL.test(raw.namespace)
        ? { type: raw.type, namespace: raw.namespace } : undefined;
    case 'restartWorkload':
      return onlyKeys(raw, ['type', 'namespace', 'kind', 'name'])
        && typeof raw.namespace === 'string' && DNS_LABEL.test(raw.namespace)
        && typeof raw.kind === 'string' && KINDS.has(raw.kind)
        && typeof raw.name === 'string' && DNS_SUBDOMAIN.test(raw.name)
        ? { type: 'restartWorkload', namespace: raw.namespace, kind: raw.kind as 'Deployment' | 'StatefulSet' | 'DaemonSet', name: raw.name } : undefined;
    case 'saveReport':
      return onlyKeys(raw, ['type', 'format']) && (raw.format === 'markdown' || raw.format === 'yaml') ? { type: 'saveReport', format: raw.format } : undefined;
    default:
      return undefined;
  }
}

/** Restores a serialized panel state, or undefined when it is not ours or is damaged. */
export function parsePanelState(raw: unknown): PanelState | undefined {
  if (!isObject(raw) || typeof raw.context !== 'string' || typeof raw.title !== 'string' || !isObject(raw.baseline)) return undefined;
  const b = raw.baseline;
  if (typeof b.context !== 'string' || typeof b.takenAt !== 'string' || !isObject(b.scope) || !isObject(b.pods)) return undefined;
  const traffic = parseTraffic(raw.traffic);
  const { traffic: _dropped, ...rest } = raw;
  return { ...(rest as unknown as PanelState), ...(traffic ? { traffic } : {}) };
}
