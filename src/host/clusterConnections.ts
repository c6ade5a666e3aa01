/**
 * Which contexts this window connects: the setting's mode, what the user connected before (remembered in global
 * state, across windows and restarts) and what was connected in this window (kept when the kubeconfig reloads).
 */
import type * as vscode from 'vscode';
import { shouldConnect, type ConnectMode } from '../fleet/connectPolicy';

const REMEMBERED_KEY = 'istioCanary.connectedContexts';
const MAX_REMEMBERED = 100;

export class ClusterConnections {
  private readonly session = new Set<string>();

  constructor(private readonly state: vscode.Memento, private readonly mode: () => ConnectMode) {}

  /** For FleetOptions.connectOnLoad. */
  readonly connectOnLoad = (context: string, isCurrent: boolean): boolean =>
    shouldConnect({ mode: this.mode(), remembered: this.remembered(), session: this.session }, context, isCurrent);

  /** The user connected `context` (expanded it, Connect, a demo mesh): keep it connected and remember it. */
  connected(context: string): void {
    this.session.add(context);
    const remembered = [context, ...[...this.remembered()].filter((c) => c !== context)].slice(0, MAX_REMEMBERED);
    void this.state.update(REMEMBERED_KEY, remembered);
  }

  disconnected(context: string): void {
    this.session.delete(context);
    void this.state.update(REMEMBERED_KEY, [...this.remembered()].filter((c) => c !== context));
  }

  private remembered(): ReadonlySet<string> {
    const stored = this.state.get<unknown>(REMEMBERED_KEY);
    return new Set(Array.isArray(stored) ? stored.filter((c): c is string => typeof c === 'string') : []);
  }
}
