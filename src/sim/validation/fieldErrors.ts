/** field.Error from k8s.io/apimachinery/pkg/util/validation/field: how each error type prints. */

export interface FieldErrorType {
  /** `Invalid value`, `Required value`, … */
  text: string;
  /** StatusCause reason, e.g. `FieldValueInvalid`. */
  cause: string;
  /** Types that print no value. */
  valueless: boolean;
}

export const ErrorTypes = {
  invalid: { text: 'Invalid value', cause: 'FieldValueInvalid', valueless: false },
  required: { text: 'Required value', cause: 'FieldValueRequired', valueless: true },
  duplicate: { text: 'Duplicate value', cause: 'FieldValueDuplicate', valueless: false },
  notSupported: { text: 'Unsupported value', cause: 'FieldValueNotSupported', valueless: false },
  forbidden: { text: 'Forbidden', cause: 'FieldValueForbidden', valueless: true },
  tooLong: { text: 'Too long', cause: 'FieldValueTooLong', valueless: true },
} satisfies Record<string, FieldErrorType>;

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** Already formatted the way Go prints it (`"x"`, `3`, `[]string{"a"}`); ignored for valueless types. */
  badValue?: string;
  detail?: string;
}

export function fieldErrorBody(e: FieldError): string {
  let s = e.type.valueless ? e.type.text : `${e.type.text}: ${e.badValue ?? 'null'}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

export function invalidValue(field: string, value: string, detail: string): FieldError {
  return { type: ErrorTypes.invalid, field, badValue: JSON.stringify(value), detail };
}

export function invalidRaw(field: string, goValue: string, detail: string): FieldError {
  return { type: ErrorTypes.invalid, field, badValue: goValue, detail };
}

export function required(field: string, detail = ''): FieldError {
  return { type: ErrorTypes.required, field, detail };
}

export function forbiddenField(field: string, detail: string): FieldError {
  return { type: ErrorTypes.forbidden, field, detail };
}

export function duplicate(field: string, value: string): FieldError {
  return { type: ErrorTypes.duplicate, field, badValue: JSON.stringify(value) };
}

export function notSupported(field: string, goValue: string, supported: string[]): FieldError {
  return { type: ErrorTypes.notSupported, field, badValue: goValue, detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}
