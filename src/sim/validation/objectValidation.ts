/** Per-kind validation: the subset of the server's pkg/apis/{core,apps,admissionregistration}/validation that our objects exercise. */
import type { LabelSelector } from '../../mesh/kubeObjects';
import { selectorMatches } from '../../mesh/labelSelector';
import type { ResourceType } from '../core/resourceRegistry';
import { validateCrd } from '../crd/crdObjects';
import { validateAgainstSchema } from '../crd/structuralSchema';
import type { KubeObject } from '../core/types';
import { asArray, asObject, deepEqual, isPlainObject } from '../util/json';
import { duplicate, forbiddenField, invalidRaw, invalidValue, required, type FieldError } from './fieldErrors';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './metaValidation';
import { isDNS1123Label, nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, type NameValidator } from './names';

function nameValidatorFor(type: ResourceType): NameValidator {
  if (type.resource === 'namespaces') return nameIsDNSLabel;
  if (type.resource === 'services') return nameIsDNS1035Label;
  return nameIsDNSSubdomain;
}

/** Go's `%#v` of a map[string]string (keys sorted, as fmt prints maps). */
export function goStringMap(map: Record<string, string> | undefined): string {
  const entries = Object.keys(map ?? {}).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify((map ?? {})[k])}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function goLabelSelector(sel: LabelSelector): string {
  const exprs = sel.matchExpressions?.length
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:[]string{${(e.values ?? []).map((v) => JSON.stringify(v)).join(', ')}}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${sel.matchLabels ? goStringMap(sel.matchLabels) : 'map[string]string(nil)'}, MatchExpressions:${exprs}}`;
}

function validateContainers(list: unknown, field: string, requiredList: boolean, seen: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const containers = asArray(list);
  if (requiredList && containers.length === 0) errs.push(required(field));
  containers.forEach((raw, i) => {
    const c = asObject(raw);
    const name = typeof c.name === 'string' ? c.name : '';
    if (!name) errs.push(required(`${field}[${i}].name`));
    else {
      for (const msg of isDNS1123Label(name)) errs.push(invalidValue(`${field}[${i}].name`, name, msg));
      if (seen.has(name)) errs.push(duplicate(`${field}[${i}].name`, name));
      seen.add(name);
    }
    if (typeof c.image !== 'string' || !c.image) errs.push(required(`${field}[${i}].image`));
  });
  return errs;
}

function validatePodSpec(spec: unknown, field: string): FieldError[] {
  const s = asObject(spec);
  const seen = new Set<string>();
  return [
    ...validateContainers(s.containers, `${field}.containers`, true, seen),
    ...validateContainers(s.initContainers, `${field}.initContainers`, false, seen),
  ];
}

function validateWorkloadSpec(obj: KubeObject, kindWord: string): FieldError[] {
  const spec = asObject(obj.spec);
  const errs: FieldError[] = [];
  const replicas = spec.replicas;
  if (typeof replicas === 'number' && replicas < 0) errs.push(invalidRaw('spec.replicas', String(replicas), 'must be greater than or equal to 0'));
  const selector = spec.selector as LabelSelector | undefined;
  const template = asObject(spec.template);
  const templateLabels = asObject(template.metadata).labels as Record<string, string> | undefined;
  if (!isPlainObject(selector)) {
    errs.push(required('spec.selector'));
  } else if (!Object.keys(selector.matchLabels ?? {}).length && !asArray(selector.matchExpressions).length) {
    errs.push(invalidRaw('spec.selector', goLabelSelector(selector), `empty selector is invalid for ${kindWord}`));
  } else if (!selectorMatches(selector, templateLabels ?? {})) {
    errs.push(invalidRaw('spec.template.metadata.labels', goStringMap(templateLabels), '`selector` does not match template `labels`'));
  }
  errs.push(...validateLabels(templateLabels, 'spec.template.metadata.labels'));
  errs.push(...validatePodSpec(template.spec, 'spec.template.spec'));
  return errs;
}

function validateWebhooks(obj: KubeObject, mutating: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  asArray(obj.webhooks).forEach((raw, i) => {
    const w = asObject(raw);
    const f = `webhooks[${i}]`;
    const name = typeof w.name === 'string' ? w.name : '';
    if (!name) errs.push(required(`${f}.name`));
    else if (name.split('.').length < 3) errs.push(invalidValue(`${f}.name`, name, 'should be a domain with at least three segments separated by dots'));
    else if (names.has(name)) errs.push(duplicate(`${f}.name`, name));
    names.add(name);
    const cc = asObject(w.clientConfig);
    if (!!cc.url === !!cc.service) errs.push(required(`${f}.clientConfig`, 'exactly one of url or service is required'));
    if (w.sideEffects === undefined) errs.push(required(`${f}.sideEffects`, 'must specify one of None, NoneOnDryRun'));
    if (!asArray(w.admissionReviewVersions).length) errs.push(required(`${f}.admissionReviewVersions`, 'must specify one of v1, v1beta1'));
    for (const sel of ['namespaceSelector', 'objectSelector']) {
      errs.push(...validateLabels(asObject(w[sel]).matchLabels as Record<string, string> | undefined, `${f}.${sel}.matchLabels`));
    }
  });
  void mutating;
  return errs;
}

/** pkg/apis/coordination/validation ValidateLeaseSpec (1.20 wording). */
function validateLeaseSpec(obj: KubeObject): FieldError[] {
  const spec = asObject(obj.spec);
  const errs: FieldError[] = [];
  const duration = spec.leaseDurationSeconds;
  if (typeof duration === 'number' && duration <= 0) errs.push(invalidRaw('spec.leaseDurationSeconds', String(duration), 'must be greater than 0'));
  const transitions = spec.leaseTransitions;
  if (typeof transitions === 'number' && transitions < 0) errs.push(invalidRaw('spec.leaseTransitions', String(transitions), 'must to greater or equal than 0'));
  return errs;
}

export function validateCreate(type: ResourceType, obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, type.namespaced, nameValidatorFor(type));
  switch (type.kind) {
    case 'Pod':
      errs.push(...validatePodSpec(obj.spec, 'spec'));
      break;
    case 'Deployment':
      errs.push(...validateWorkloadSpec(obj, 'deployment'));
      break;
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      errs.push(...validateWorkloadSpec(obj, type.kind.toLowerCase()));
      break;
    case 'Service': {
      const spec = asObject(obj.spec);
      if (spec.type !== 'ExternalName' && !asArray(spec.ports).length) errs.push(required('spec.ports'));
      break;
    }
    case 'Lease':
      errs.push(...validateLeaseSpec(obj));
      break;
    case 'MutatingWebhookConfiguration':
      errs.push(...validateWebhooks(obj, true));
      break;
    case 'ValidatingWebhookConfiguration':
      errs.push(...validateWebhooks(obj, false));
      break;
    case 'CustomResourceDefinition':
      errs.push(...validateCrd(obj));
      break;
    default:
      if (type.custom) errs.push(...validateAgainstSchema(obj, type.custom.schema));
      break;
  }
  return errs;
}

const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds` or `spec.tolerations` (only additions to existing tolerations)';

function withoutImages(spec: unknown): unknown {
  const s = { ...asObject(spec) };
  for (const key of ['containers', 'initContainers']) {
    s[key] = asArray(s[key]).map((c) => ({ ...asObject(c), image: undefined }));
  }
  delete s.activeDeadlineSeconds;
  delete s.tolerations;
  return s;
}

export function validateUpdate(type: ResourceType, next: KubeObject, prev: KubeObject): FieldError[] {
  const errs = validateCreate(type, next);
  errs.push(...validateObjectMetaUpdate(next, prev));
  if (type.kind === 'Pod' && !deepEqual(withoutImages(next.spec), withoutImages(prev.spec))) {
    errs.push(forbiddenField('spec', POD_UPDATE_FORBIDDEN));
  }
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(type.kind)) {
    const a = asObject(next.spec).selector;
    const b = asObject(prev.spec).selector;
    if (isPlainObject(a) && !deepEqual(a, b)) errs.push(invalidRaw('spec.selector', goLabelSelector(a as LabelSelector), 'field is immutable'));
  }
  return errs;
}
