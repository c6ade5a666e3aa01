/**
 * The JSON Schema of plan files for the YAML extension (`contributes.yamlValidation`), generated from the format
 * table (planFormat.ts). The file in schemas/ is this object; a unit test keeps the two equal
 * (`npm run schema:plan` rewrites it).
 */
import { PLAN_API_VERSION, PLAN_KIND, SPEC_FIELDS, STEP_DOCS, STEP_FIELDS, STEP_KINDS, WAVE_GATE_DOCS, type FieldDoc } from './planFormat';

type Schema = Record<string, unknown>;

const NAME = '^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
const DURATION = '^(\\d+(ms|s|m|h))+$';

function describe(f: FieldDoc): string {
  return f.default ? `${f.doc} Default: ${f.default}.` : f.doc;
}

const REF = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[^/]+$';

/** Revision and tag names are label values; a gateway's `service` and `to` are NAMESPACE/NAME. */
function patternOf(where: string, name: string): string | undefined {
  if (where === 'gateway' && (name === 'service' || name === 'to')) return REF;
  if (name === 'revision' || ((where === 'spec' || where === 'wave') && (name === 'to' || name === 'from'))) return NAME;
  return undefined;
}

function fieldSchema(where: string, name: string, f: FieldDoc): Schema {
  const description = describe(f);
  const pattern = patternOf(where, name);
  switch (f.type) {
    case 'string': return { type: 'string', minLength: 1, description, ...(pattern ? { pattern } : {}) };
    case 'enum': return { enum: [...(f.values ?? [])], description };
    case 'integer': return { type: 'integer', minimum: f.min, maximum: f.max, description };
    case 'duration': return { type: 'string', pattern: DURATION, description };
    case 'strings': return { type: 'array', items: { type: 'string', minLength: 1 }, description };
    case 'gates': return { type: 'array', items: { enum: Object.keys(WAVE_GATE_DOCS) }, description };
    case 'selector': return {
      type: 'object', additionalProperties: false, description,
      properties: {
        matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
        matchExpressions: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['key', 'operator'],
            properties: { key: { type: 'string' }, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
    };
  }
}

function object(where: string, fields: Record<string, FieldDoc>, description?: string): Schema {
  const required = Object.entries(fields).filter(([, f]) => f.required).map(([k]) => k);
  return {
    type: 'object', additionalProperties: false, ...(description ? { description } : {}), ...(required.length ? { required } : {}),
    properties: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, fieldSchema(where, k, f)])),
  };
}

export function planJsonSchema(): Schema {
  const steps = STEP_KINDS.map((kind) => ({
    type: 'object', additionalProperties: false, required: [kind], description: STEP_DOCS[kind],
    properties: { [kind]: { anyOf: [object(kind, STEP_FIELDS[kind], STEP_DOCS[kind]), { type: 'null' }] } },
  }));
  const { steps: stepsDoc, ...specScalars } = SPEC_FIELDS;
  const spec = object('spec', specScalars, 'The cluster, the revisions and the steps, run top to bottom.');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Istio canary upgrade plan',
    type: 'object', additionalProperties: false, required: ['apiVersion', 'kind', 'spec'],
    properties: {
      apiVersion: { const: PLAN_API_VERSION },
      kind: { const: PLAN_KIND },
      metadata: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, description: { type: 'string' } } },
      spec: {
        ...spec, required: ['context', 'from', 'to', 'steps'],
        properties: { ...(spec.properties as Schema), steps: { type: 'array', description: stepsDoc.doc, items: { oneOf: steps } } },
      },
    },
  };
}
