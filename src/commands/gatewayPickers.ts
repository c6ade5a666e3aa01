/** Quick picks for the gateway commands: a gateway Deployment, a Service in front of gateways. */
import * as vscode from 'vscode';
import { gatewayRevisionText, type GatewayInfo } from '../mesh/gateways';
import type { KService } from '../mesh/kubeObjects';
import { GatewayNode } from '../views/gatewaysNode';
import { clusterOf, selectedNodes } from './nodeArgs';

/** The gateway node the command was started from, if any. */
export function gatewayNodeOf(node?: unknown, nodes?: unknown): GatewayNode | undefined {
  return selectedNodes(node, nodes).find((n): n is GatewayNode => n instanceof GatewayNode);
}

export { clusterOf };

export function gatewayItems(gateways: GatewayInfo[], filter: (g: GatewayInfo) => boolean = () => true): (vscode.QuickPickItem & { gateway: GatewayInfo })[] {
  return gateways.filter(filter).map((g) => ({
    label: `${g.namespace}/${g.name}`,
    description: `${gatewayRevisionText(g)} · ${vscode.l10n.t('proxy {0}', g.proxyVersions.join(', ') || vscode.l10n.t('none'))}`,
    detail: [vscode.l10n.t('{0}/{1} ready', g.readyReplicas, g.replicas), ...(g.services.length ? [vscode.l10n.t('Services: {0}', g.services.join(', '))] : [])].join(' · '),
    gateway: g,
  }));
}

export const noGatewayMessage = (): string => vscode.l10n.t('No gateway Deployment fits.');

/** A Service's default spec.type: a Kubernetes value, shown as it is. */
const DEFAULT_SERVICE_TYPE = 'ClusterIP';

/** The Services in front of gateway Deployments, LoadBalancers first. */
export function serviceItems(services: KService[], gateways: GatewayInfo[]): (vscode.QuickPickItem & { service: KService })[] {
  const fronting = services.filter((s) => gateways.some((g) => g.namespace === s.metadata.namespace && g.services.includes(s.metadata.name)));
  return fronting
    .sort((a, b) => Number(b.spec?.type === 'LoadBalancer') - Number(a.spec?.type === 'LoadBalancer'))
    .map((s) => ({
      label: `${s.metadata.namespace}/${s.metadata.name}`,
      description: `${s.spec?.type ?? DEFAULT_SERVICE_TYPE} · ${vscode.l10n.t('selects {0}', gateways.filter((g) => g.namespace === s.metadata.namespace && g.services.includes(s.metadata.name)).map((g) => g.name).join(', '))}`,
      detail: vscode.l10n.t('selector {0}', Object.entries(s.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')),
      service: s,
    }));
}

export const noServiceMessage = (): string => vscode.l10n.t('No Service selects a gateway Deployment.');
