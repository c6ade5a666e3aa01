/** `Accept: application/json;as=Table;g=meta.k8s.io;v=v1` responses, so human `kubectl get` prints columns. */
import { evalJsonPath } from '../crd/jsonPath';
import type { CustomResourceInfo } from '../crd/customResourceInfo';
import type { ResourceType } from '../core/resourceRegistry';
import type { KubeObject } from '../core/types';
import { asArray, asObject } from '../util/json';

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

const col = (name: string, type = 'string', format = '', priority = 0): Column => ({ name, type, format, description: name, priority });

export function humanAge(from: string | undefined, now = Date.now()): string {
  if (!from) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(from)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

function podCells(o: KubeObject): unknown[] {
  const status = asObject(o.status);
  const statuses = asArray(status.containerStatuses).map(asObject);
  const total = asArray(asObject(o.spec).containers).length;
  const ready = statuses.filter((s) => s.ready).length;
  const restarts = statuses.reduce((n, s) => n + Number(s.restartCount ?? 0), 0);
  const phase = o.metadata.deletionTimestamp ? 'Terminating' : String(status.phase ?? 'Pending');
  return [o.metadata.name, `${ready}/${total}`, phase, restarts, humanAge(o.metadata.creationTimestamp), status.podIP ?? '<none>', asObject(o.spec).nodeName ?? '<none>'];
}

function deploymentCells(o: KubeObject): unknown[] {
  const s = asObject(o.status);
  const want = Number(asObject(o.spec).replicas ?? 1);
  return [o.metadata.name, `${Number(s.readyReplicas ?? 0)}/${want}`, Number(s.updatedReplicas ?? 0), Number(s.availableReplicas ?? 0), humanAge(o.metadata.creationTimestamp)];
}

const NAME_DESCRIPTION = 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: http://kubernetes.io/docs/user-guide/identifiers#names';

/** A CRD's additionalPrinterColumns after the name; dates print as ages, missing values as null. */
function customColumns(info: CustomResourceInfo): { columns: Column[]; cells: (o: KubeObject) => unknown[] } {
  if (!info.columns.length) return { columns: [col('Name', 'string', 'name'), col('Created At', 'date')], cells: (o) => [o.metadata.name, o.metadata.creationTimestamp] };
  const columns = [
    { ...col('Name', 'string', 'name'), description: NAME_DESCRIPTION },
    ...info.columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: `Custom resource definition column (in JSONPath format): ${c.jsonPath}`, priority: c.priority ?? 0 })),
  ];
  const cells = (o: KubeObject) => [o.metadata.name, ...info.columns.map((c) => {
    const v = evalJsonPath(o, c.jsonPath);
    if (v === undefined) return null;
    return c.type === 'date' && typeof v === 'string' ? humanAge(v) : v;
  })];
  return { columns, cells };
}

function columnsFor(type: ResourceType): { columns: Column[]; cells: (o: KubeObject) => unknown[] } {
  if (type.custom) return customColumns(type.custom);
  switch (type.kind) {
    case 'Pod':
      return {
        columns: [col('Name', 'string', 'name'), col('Ready'), col('Status'), col('Restarts', 'integer'), col('Age'), col('IP', 'string', '', 1), col('Node', 'string', '', 1)],
        cells: podCells,
      };
    case 'Namespace':
      return {
        columns: [col('Name', 'string', 'name'), col('Status'), col('Age')],
        cells: (o) => [o.metadata.name, asObject(o.status).phase ?? 'Active', humanAge(o.metadata.creationTimestamp)],
      };
    case 'Deployment':
      return {
        columns: [col('Name', 'string', 'name'), col('Ready'), col('Up-to-date', 'integer'), col('Available', 'integer'), col('Age')],
        cells: deploymentCells,
      };
    default:
      return {
        columns: [col('Name', 'string', 'name'), col('Created At', 'date')],
        cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
      };
  }
}

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

export function toTable(type: ResourceType, objects: KubeObject[], listMeta: Record<string, unknown>, includeObject: string): object {
  const { columns, cells } = columnsFor(type);
  const rows = objects.map((o) => {
    const row: Record<string, unknown> = { cells: cells(o) };
    if (includeObject === 'Object') row.object = o;
    else if (includeObject !== 'None') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
    return row;
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, columnDefinitions: columns, rows };
}
