/**
 * What a Helm 3 upgrade leaves on a live object: every field the chart renders is set to the rendered value,
 * fields only the live object has (an extra label, a restartedAt annotation, server-filled fields) survive.
 * Two live values are kept on purpose: webhook `caBundle`s (istiod patches them right back) and a Service's
 * allocated node ports.
 */
import type { KubeObject } from '../core/types';
import { applyMergePatch } from '../patch/mergePatch';
import { asArray, asObject, isPlainObject } from '../util/json';

function keepCaBundles(merged: KubeObject, live: KubeObject): void {
  const liveByName = new Map(asArray(live.webhooks).map((w) => [asObject(w).name, asObject(asObject(w).clientConfig).caBundle]));
  for (const w of asArray(merged.webhooks)) {
    if (!isPlainObject(w) || !isPlainObject(w.clientConfig)) continue;
    const ca = liveByName.get(w.name);
    if (typeof ca === 'string') w.clientConfig.caBundle = ca;
  }
}

function keepNodePorts(merged: KubeObject, live: KubeObject): void {
  const livePorts = new Map(asArray(asObject(live.spec).ports).map((p) => [asObject(p).port, asObject(p).nodePort]));
  for (const p of asArray(asObject(merged.spec).ports)) {
    if (isPlainObject(p) && p.nodePort === undefined && livePorts.get(p.port) !== undefined) p.nodePort = livePorts.get(p.port);
  }
}

export function threeWayMerge(live: KubeObject, rendered: KubeObject): KubeObject {
  const { metadata, ...body } = rendered;
  const merged = applyMergePatch(live, body) as KubeObject;
  merged.metadata = {
    ...live.metadata,
    labels: { ...live.metadata.labels, ...metadata.labels },
    annotations: { ...live.metadata.annotations, ...metadata.annotations },
    ...(metadata.ownerReferences ? { ownerReferences: metadata.ownerReferences } : {}),
  };
  if (!Object.keys(merged.metadata.annotations ?? {}).length) delete merged.metadata.annotations;
  keepCaBundles(merged, live);
  if (rendered.kind === 'Service') keepNodePorts(merged, live);
  return merged;
}
