/**
 * Which kubeconfig contexts connect without being asked. Connecting runs the context's credential plugin (an SSO
 * prompt, a cloud CLI) and opens cluster-wide watches, so by default only the current context connects; the others
 * wait until the user expands them or picks Connect.
 */
export type ConnectMode = 'current' | 'remembered' | 'all';

export const CONNECT_MODES: readonly ConnectMode[] = ['current', 'remembered', 'all'];

export function parseConnectMode(value: unknown): ConnectMode {
  return CONNECT_MODES.includes(value as ConnectMode) ? value as ConnectMode : 'current';
}

export interface ConnectChoice {
  mode: ConnectMode;
  /** Contexts the user connected before (kept across sessions); used by `remembered`. */
  remembered: ReadonlySet<string>;
  /** Contexts connected in this window (kept across reloads of the kubeconfig). */
  session: ReadonlySet<string>;
}

export function shouldConnect(choice: ConnectChoice, context: string, isCurrent: boolean): boolean {
  if (isCurrent || choice.mode === 'all' || choice.session.has(context)) return true;
  return choice.mode === 'remembered' && choice.remembered.has(context);
}
