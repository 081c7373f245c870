/**
 * The `Condition` family checked the way ISE checks it, so a client that builds a condition wrongly meets the
 * same 400 it would meet on a real ISE: errors name the field by its full path in the body
 * (`rule.condition.children[0].id, must not be null`, the wording ISE uses). What comes out is the stored
 * form: only the fields of its type, read-only ones (`link`, a reference's `name`/`description`) dropped, and
 * `equals`-style operators on IP attributes rewritten to their `ip*` forms, as ISE stores them.
 */
import {
  WIRE_CONDITION_TYPES,
  WIRE_OPERATORS,
  type WireCondition,
  type WireOperator,
} from '../client/wire-policy';
import { badRequest } from './http';
import { isObject, type Obj, put } from './validate';

/** Library roots only; a rule (or policy set) condition uses the four others. */
const LIBRARY_TYPES = [
  'LibraryConditionAttributes',
  'LibraryConditionAndBlock',
  'LibraryConditionOrBlock',
  'TimeAndDateCondition',
];

/**
 * Attributes of ISE's IP data type (`dictionary:attribute`). ISE's dictionaries say which attributes are IPs;
 * the simulator knows these, the ones MFA rules and the spec's examples use.
 */
export const IP_ATTRIBUTES = [
  'Network Access:Device IP Address',
  'Radius:NAS-IP-Address',
  'Radius:Framed-IP-Address',
];
const IP_OPERATOR: Record<string, WireOperator> = {
  equals: 'ipEquals',
  notEquals: 'ipNotEquals',
  greaterThan: 'ipGreaterThan',
  lessThan: 'ipLessThan',
};

const WEEK_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Library condition names: "[Valid characters are alphanumerics, underscore, hyphen, space]" (the spec). */
const LIBRARY_NAME = /^[A-Za-z0-9_\- ]+$/;

/** Whether a library condition with this id exists (where a reference may point). */
export type ReferenceCheck = (id: string) => boolean;

/** `path.key`, or just `key` at the root (a seeded object's own fields). */
export const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

const missing = (path: string) => badRequest(`${path}, must not be null`);

function object(value: unknown, path: string): Obj {
  if (value === undefined || value === null) throw missing(path);
  if (!isObject(value)) throw badRequest(`${path}, must be a JSON object`);
  return value;
}

function text(obj: Obj, key: string, path: string): string {
  const value = obj[key];
  if (value === undefined || value === null) throw missing(at(path, key));
  if (typeof value !== 'string') throw badRequest(`${at(path, key)}, must be a string`);
  return value;
}

function optText(obj: Obj, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${at(path, key)}, must be a string`);
  return value;
}

function negate(obj: Obj, path: string): boolean {
  const value = obj.isNegate;
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw badRequest(`${at(path, 'isNegate')}, must be true or false`);
  return value;
}

function conditionType(obj: Obj, path: string): string {
  const type = obj.conditionType;
  if (type === undefined || type === null) throw missing(at(path, 'conditionType'));
  if (typeof type !== 'string' || !(WIRE_CONDITION_TYPES as readonly string[]).includes(type)) {
    throw badRequest(
      `${at(path, 'conditionType')}, ${JSON.stringify(type)} is not one of ${WIRE_CONDITION_TYPES.join(', ')}`,
    );
  }
  return type;
}

function attributes(obj: Obj, path: string, out: WireCondition): WireCondition {
  const dictionaryName = text(obj, 'dictionaryName', path);
  const attributeName = text(obj, 'attributeName', path);
  const operator = text(obj, 'operator', path);
  if (!(WIRE_OPERATORS as readonly string[]).includes(operator)) {
    throw badRequest(`${at(path, 'operator')}, ${JSON.stringify(operator)} is not an operator ISE knows`);
  }
  const isIp = IP_ATTRIBUTES.includes(`${dictionaryName}:${attributeName}`);
  Object.assign(out, {
    dictionaryName,
    attributeName,
    operator: (isIp && IP_OPERATOR[operator]) || operator,
    attributeValue: text(obj, 'attributeValue', path),
  });
  put(out, 'dictionaryValue', optText(obj, 'dictionaryValue', path));
  return out;
}

function children(obj: Obj, path: string, known: ReferenceCheck): WireCondition[] {
  const list = obj.children;
  if (list === undefined || list === null) throw missing(at(path, 'children'));
  if (!Array.isArray(list)) throw badRequest(`${at(path, 'children')}, must be an array`);
  if (list.length === 0) throw badRequest(`${at(path, 'children')}, must hold at least one condition`);
  return list.map((child, i) => parseCondition(child, at(path, `children[${i}]`), known));
}

/** A rule's or policy set's condition (and any block child): one of the four inner types. */
export function parseCondition(value: unknown, path: string, known: ReferenceCheck): WireCondition {
  const obj = object(value, path);
  const type = conditionType(obj, path);
  if (LIBRARY_TYPES.includes(type)) {
    throw badRequest(
      `${at(path, 'conditionType')}, ${type} can only be the root of a library condition; inside a rule, refer to a library condition with a ConditionReference by id`,
    );
  }
  const out: WireCondition = { conditionType: type, isNegate: negate(obj, path) };
  if (type === 'ConditionReference') {
    const id = text(obj, 'id', path);
    if (!known(id))
      throw badRequest(`${at(path, 'id')}, no library condition has the id ${JSON.stringify(id)}`);
    out.id = id;
    return out;
  }
  if (obj.name !== undefined && obj.name !== null) {
    throw badRequest(
      `${at(path, 'name')}, a condition name cannot be included in a ${type} (only in a library one)`,
    );
  }
  if (type === 'ConditionAttributes') return attributes(obj, path, out);
  out.children = children(obj, path, known);
  return out;
}

function range(obj: Obj, key: string, path: string, ends: [string, string], form: RegExp, what: string) {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  const r = object(value, at(path, key));
  const out: Record<string, string> = {};
  for (const end of ends) {
    const v = text(r, end, at(path, key));
    if (!form.test(v)) throw badRequest(`${at(path, key)}.${end}, ${JSON.stringify(v)} is not ${what}`);
    out[end] = v;
  }
  return out;
}

function days(obj: Obj, key: string, path: string): string[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((d) => !WEEK_DAYS.includes(d as string))) {
    throw badRequest(`${at(path, key)}, must be a list of week days (${WEEK_DAYS.join(', ')})`);
  }
  return value as string[];
}

function timeAndDate(obj: Obj, path: string, out: WireCondition): WireCondition {
  const target = out as Record<string, unknown>;
  for (const key of ['weekDays', 'weekDaysException']) put(target, key, days(obj, key, path));
  for (const key of ['datesRange', 'datesRangeException'])
    put(target, key, range(obj, key, path, ['startDate', 'endDate'], DATE, 'a date (YYYY-MM-DD)'));
  for (const key of ['hoursRange', 'hoursRangeException'])
    put(target, key, range(obj, key, path, ['startTime', 'endTime'], TIME, 'a time (HH:mm)'));
  return out;
}

/** A stored library condition (seed or state file only: the simulator serves no library writes). */
export function parseLibraryCondition(value: unknown, path: string, known: ReferenceCheck): WireCondition {
  const obj = object(value, path);
  const type = conditionType(obj, path);
  if (!LIBRARY_TYPES.includes(type)) {
    throw badRequest(
      `${at(path, 'conditionType')}, a library condition is one of ${LIBRARY_TYPES.join(', ')}`,
    );
  }
  const name = text(obj, 'name', path);
  if (!LIBRARY_NAME.test(name)) {
    throw badRequest(
      `${at(path, 'name')}, ${JSON.stringify(name)}: use letters, digits, _, - and spaces only`,
    );
  }
  const out: WireCondition = { conditionType: type, name, isNegate: negate(obj, path) };
  put(out, 'description', optText(obj, 'description', path));
  if (type === 'TimeAndDateCondition') return timeAndDate(obj, path, out);
  if (type === 'LibraryConditionAttributes') return attributes(obj, path, out);
  out.children = children(obj, path, known);
  return out;
}
