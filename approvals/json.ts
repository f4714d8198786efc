// Conversion of typed values into the JSON the log stores. Fails closed on anything JSON cannot
// carry (undefined inside arrays, NaN, functions, class instances) instead of dropping it.
import type { JsonValue } from '../audit/entry.ts';
import { ApprovalError } from './errors.ts';

export type { JsonValue };

export function toJsonValue(value: unknown, path = '$'): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ApprovalError('command-invalid', `${path} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item: unknown, i) => toJsonValue(item, `${path}[${i}]`));
  if (isPlainObject(value)) {
    // Object.fromEntries defines own properties, so a member named "__proto__" stays data.
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return Object.fromEntries(members.map(([k, v]) => [k, toJsonValue(v, `${path}.${k}`)]));
  }
  throw new ApprovalError('command-invalid', `${path} cannot be represented as JSON`);
}

export function toJsonObject(value: unknown, path = '$'): { [member: string]: JsonValue } {
  const json = toJsonValue(value, path);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ApprovalError('command-invalid', `${path} is not an object`);
  return json;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
