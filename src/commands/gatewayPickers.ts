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
    description: `${gatewayRevisionText(g)} · proxy ${g.proxyVersions.join(', ') || 'none'}`,
    detail: `${g.readyReplicas}/${g.replicas} ready${g.services.length ? ` · Services: ${g.services.join(', ')}` : ''}`,
    gateway: g,
  }));
}

export const NO_GATEWAY_MESSAGE = 'No gateway Deployment fits.';

export async function pickGateway(gateways: GatewayInfo[], title: string, filter: (g: GatewayInfo) => boolean = () => true): Promise<GatewayInfo | undefined> {
  const items = gatewayItems(gateways, filter);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(NO_GATEWAY_MESSAGE);
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Gateway Deployment', matchOnDescription: true }))?.gateway;
}

export async function pickService(services: KService[], gateways: GatewayInfo[], title: string): Promise<KService | undefined> {
  const fronting = services.filter((s) => gateways.some((g) => g.namespace === s.metadata.namespace && g.services.includes(s.metadata.name)));
  const items = fronting
    .sort((a, b) => Number(b.spec?.type === 'LoadBalancer') - Number(a.spec?.type === 'LoadBalancer'))
    .map((s) => ({
      label: `${s.metadata.namespace}/${s.metadata.name}`,
      description: `${s.spec?.type ?? 'ClusterIP'} · selects ${gateways.filter((g) => g.namespace === s.metadata.namespace && g.services.includes(s.metadata.name)).map((g) => g.name).join(', ')}`,
      detail: `selector ${Object.entries(s.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')}`,
      service: s,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No Service selects a gateway Deployment.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Service in front of the gateways' }))?.service;
}
