/** Which namespaces a wave moves: its list as written, or the namespaces its label selector or glob matches now. */
import { selectorMatches } from '../mesh/labelSelector';
import { SYSTEM_NAMESPACES } from '../mesh/systemNamespaces';
import type { WaveStep } from './planTypes';

export interface NamedNamespace {
  name: string;
  labels: Record<string, string>;
}

/** `*` any run of characters, `?` one; everything else literal. */
export function globMatches(glob: string, name: string): boolean {
  const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}

/**
 * The wave's namespaces in order: a list as written (existing or not — the caller checks), else those matching the
 * selector or glob, by name, without Kubernetes' own namespaces (Istio never injects them).
 */
export function waveNamespaces(wave: Pick<WaveStep, 'namespaces' | 'selector' | 'match'>, namespaces: readonly NamedNamespace[]): string[] {
  if (wave.namespaces) return [...new Set(wave.namespaces)];
  const matching = namespaces.filter((n) => !SYSTEM_NAMESPACES.has(n.name)
    && (wave.selector ? selectorMatches(wave.selector, n.labels) : wave.match !== undefined && globMatches(wave.match, n.name)));
  return matching.map((n) => n.name).sort();
}

/** How the wave chose them, for messages: "[a, b]", "selector team=x", "match team-*". */
export function waveChoiceText(wave: Pick<WaveStep, 'namespaces' | 'selector' | 'match'>): string {
  if (wave.namespaces) return wave.namespaces.join(', ');
  if (wave.match !== undefined) return `match ${wave.match}`;
  const labels = Object.entries(wave.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const exprs = (wave.selector?.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values ? ` (${e.values.join(', ')})` : ''}`);
  return `selector ${[...labels, ...exprs].join(', ') || '(everything)'}`;
}
