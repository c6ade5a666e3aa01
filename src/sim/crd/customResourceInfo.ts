/** What a CustomResourceDefinition adds to a served resource type: its schema and printer columns. */
import type { JsonObject } from '../util/json';

export interface PrinterColumnSpec {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface CustomResourceInfo {
  /** `<plural>.<group>` */
  crdName: string;
  singular: string;
  listKind: string;
  /** The served version's `schema.openAPIV3Schema` (structural). */
  schema: JsonObject;
  columns: PrinterColumnSpec[];
}
