/**
 * Cisco's OpenAPI files, read from `../shared/ise-openapi/` (never copied into this repo), as a contract that
 * tests hold the client's requests and the simulator's responses to.
 *
 * The files carry non-standard `exampleSetFlag` keys and OpenAPI-only keywords (`example`, `title`), so they
 * are stripped of `exampleSetFlag` and compiled with ajv in non-strict mode.
 *
 * The legacy ERS Active Directory document (`ERS_AD_SPEC`) is Swagger 2.0, not OpenAPI 3: its schemas are
 * `definitions`, a response's schema is `response.schema` and a request's the `in: body` parameter's. It has
 * no operationIds, so its operations are named `GET /ers/config/activedirectory/{id}` (method and template).
 *
 * By default the two Duo documents are loaded; the policy document (policy sets, MFA rules, conditions) is
 * loaded on request (`new IseContract(SHARED_DIR, [POLICY_SPEC])`), as it is large and most tests need only
 * the Duo API. Its `Condition` is polymorphic without a discriminator (the subtypes extend it with `allOf`
 * and `conditionType` names the subtype), so validating a `RuleMfa` against its schema alone checks little
 * below `rule.condition`: `checkRuleMfa` also holds every condition node to the subtype its type names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

export const SHARED_DIR = process.env.ISE_DUO_SHARED_DIR ?? resolve(__dirname, '../../../shared');
export const DUO_SPECS = ['cisco-ise-open-api-mfa.yaml', 'cisco-ise-open-api-duo-identity-sync.yaml'];
export const POLICY_SPEC = 'cisco-ise-open-api-policy.yaml';
/** Swagger 2.0, ERS `/ers/config/activedirectory*`: `new IseContract(SHARED_DIR, [ERS_AD_SPEC])`. */
export const ERS_AD_SPEC = 'cisco-ise-legacy-ers-active-directory.yaml';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type JsonObject = Record<string, unknown>;

/** The `Condition` subtypes of the policy document, each a component schema named as its `conditionType`. */
const CONDITION_SUBTYPES: ReadonlySet<string> = new Set([
  'ConditionAndBlock',
  'ConditionAttributes',
  'ConditionOrBlock',
  'ConditionReference',
  'LibraryConditionAndBlock',
  'LibraryConditionAttributes',
  'LibraryConditionOrBlock',
  'TimeAndDateCondition',
]);

export interface SpecOperation {
  specId: string;
  method: string;
  /** e.g. `/api/v1/duo-mfa/mfa/{connectionName}` */
  pathTemplate: string;
  operationId: string;
  requestSchema?: JsonObject;
  /** Status code → schema of the JSON body, or null where the status is declared without a body. */
  responses: Record<string, JsonObject | null>;
  matcher: RegExp;
  literalSegments: number;
}

function stripExampleSetFlag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripExampleSetFlag);
  if (value && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'exampleSetFlag') out[k] = stripExampleSetFlag(v);
    return out;
  }
  return value;
}

/** Swagger 2.0's `in: body` parameter's schema: the request body. */
function bodyParameterSchema(parameters: unknown): JsonObject | null {
  if (!Array.isArray(parameters)) return null;
  const body = parameters.find((p) => (p as JsonObject | null)?.in === 'body') as JsonObject | undefined;
  return (body?.schema as JsonObject | undefined) ?? null;
}

function jsonSchemaOf(content: unknown): JsonObject | null {
  const schema = (content as { 'application/json'?: { schema?: JsonObject } } | undefined)?.[
    'application/json'
  ]?.schema;
  return schema ?? null;
}

function templateMatcher(template: string): RegExp {
  const pattern = template
    .split('/')
    .map((seg) => (seg.startsWith('{') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}$`);
}

export class IseContract {
  readonly operations: SpecOperation[] = [];
  readonly #ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  readonly #compiled = new Map<JsonObject, ValidateFunction>();
  readonly #namedSchemas = new Map<string, JsonObject>();
  /** The loaded files that are Swagger 2.0 (schemas under `definitions`). */
  readonly #swagger = new Set<string>();

  constructor(sharedDir: string = SHARED_DIR, files: readonly string[] = DUO_SPECS) {
    const dir = join(sharedDir, 'ise-openapi');
    if (!existsSync(dir))
      throw new Error(`Cisco's OpenAPI files are expected in ${dir} (../shared beside the repo)`);
    for (const file of files) {
      const doc = stripExampleSetFlag(parse(readFileSync(join(dir, file), 'utf8'))) as JsonObject;
      if (doc.swagger === '2.0') {
        this.#swagger.add(file);
        this.#ajv.addSchema({ definitions: doc.definitions }, file);
      } else {
        this.#ajv.addSchema({ components: doc.components }, file);
      }
      for (const [pathTemplate, item] of Object.entries(doc.paths as JsonObject)) {
        for (const method of METHODS) {
          const op = (item as JsonObject)[method] as JsonObject | undefined;
          if (!op) continue;
          this.operations.push(
            this.#swagger.has(file)
              ? this.#swaggerOperation(file, method, pathTemplate, op)
              : this.#operation(file, method, pathTemplate, op),
          );
        }
      }
    }
  }

  #operation(specId: string, method: string, pathTemplate: string, op: JsonObject): SpecOperation {
    const responses: Record<string, JsonObject | null> = {};
    for (const [status, resp] of Object.entries(op.responses as JsonObject)) {
      const schema = jsonSchemaOf((resp as JsonObject).content);
      responses[status] = schema ? this.#scoped(specId, schema) : null;
    }
    const requestSchema = jsonSchemaOf((op.requestBody as JsonObject | undefined)?.content);
    return {
      specId,
      method: method.toUpperCase(),
      pathTemplate,
      operationId: String(op.operationId),
      requestSchema: requestSchema ? this.#scoped(specId, requestSchema) : undefined,
      responses,
      matcher: templateMatcher(pathTemplate),
      literalSegments: pathTemplate.split('/').filter((s) => s && !s.startsWith('{')).length,
    };
  }

  /** A Swagger 2.0 operation: schemas from `response.schema` and the `in: body` parameter. */
  #swaggerOperation(specId: string, method: string, pathTemplate: string, op: JsonObject): SpecOperation {
    const responses: Record<string, JsonObject | null> = {};
    for (const [status, resp] of Object.entries(op.responses as JsonObject)) {
      const schema = (resp as JsonObject).schema as JsonObject | undefined;
      responses[status] = schema ? this.#scoped(specId, schema) : null;
    }
    const requestSchema = bodyParameterSchema(op.parameters);
    return {
      specId,
      method: method.toUpperCase(),
      pathTemplate,
      operationId: String(op.operationId ?? `${method.toUpperCase()} ${pathTemplate}`),
      requestSchema: requestSchema ? this.#scoped(specId, requestSchema) : undefined,
      responses,
      matcher: templateMatcher(pathTemplate),
      literalSegments: pathTemplate.split('/').filter((s) => s && !s.startsWith('{')).length,
    };
  }

  /**
   * Rewrites local `#/components/...` refs (`#/definitions/...` in a Swagger 2.0 file) so they resolve
   * against the spec file's registered schema.
   */
  #scoped(specId: string, schema: JsonObject): JsonObject {
    const local = this.#swagger.has(specId) ? /"#\/definitions\//g : /"#\/components\//g;
    const scoped = this.#swagger.has(specId) ? `"${specId}#/definitions/` : `"${specId}#/components/`;
    return JSON.parse(JSON.stringify(schema).replace(local, scoped));
  }

  /** The operation a concrete request path (query string ignored) belongs to; the most literal match wins. */
  find(method: string, path: string): SpecOperation | undefined {
    const bare = path.split('?')[0];
    return this.operations
      .filter((op) => op.method === method.toUpperCase() && op.matcher.test(bare))
      .sort((a, b) => b.literalSegments - a.literalSegments)[0];
  }

  /**
   * Errors of `value` against the named component schema of a loaded spec file, or the named definition of
   * a Swagger 2.0 file ([] when valid).
   */
  checkSchema(specId: string, name: string, value: unknown): string[] {
    return this.#validate(this.#named(specId, name), value);
  }

  /**
   * Errors of an MFA rule body: `RuleMfa` itself, then each node of `rule.condition` against the subtype its
   * `conditionType` names (ConditionAttributes needs dictionary, attribute, operator and value, a block its
   * children, a reference its id). Needs the policy document loaded.
   */
  checkRuleMfa(value: unknown): string[] {
    const errors = this.checkSchema(POLICY_SPEC, 'RuleMfa', value);
    const condition = (value as { rule?: { condition?: unknown } } | null)?.rule?.condition;
    if (condition !== undefined && condition !== null)
      this.#checkCondition(condition, '/rule/condition', errors);
    return errors;
  }

  #checkCondition(node: unknown, where: string, errors: string[]): void {
    const type = (node as { conditionType?: unknown } | null)?.conditionType;
    const name = typeof type === 'string' && CONDITION_SUBTYPES.has(type) ? type : 'Condition';
    for (const e of this.checkSchema(POLICY_SPEC, name, node)) errors.push(`${where} (${name}): ${e}`);
    const children = (node as { children?: unknown }).children;
    if (Array.isArray(children)) {
      children.forEach((child, i) => {
        this.#checkCondition(child, `${where}/children/${i}`, errors);
      });
    }
  }

  #named(specId: string, name: string): JsonObject {
    const key = `${specId}#${name}`;
    let schema = this.#namedSchemas.get(key);
    if (!schema) {
      const pointer = this.#swagger.has(specId) ? `definitions/${name}` : `components/schemas/${name}`;
      schema = { $ref: `${specId}#/${pointer}` };
      this.#namedSchemas.set(key, schema);
    }
    return schema;
  }

  #validate(schema: JsonObject, value: unknown): string[] {
    let fn = this.#compiled.get(schema);
    if (!fn) {
      fn = this.#ajv.compile(schema);
      this.#compiled.set(schema, fn);
    }
    return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  }

  /** Errors of a request body against its operation's request schema ([] when valid). */
  checkRequest(method: string, path: string, body: unknown): string[] {
    const op = this.find(method, path);
    if (!op) return [`no operation ${method} ${path} in Cisco's spec`];
    if (body === undefined) return op.requestSchema ? ['request has no body but the spec declares one'] : [];
    if (!op.requestSchema) return ['request has a body but the spec declares none'];
    return this.#validate(op.requestSchema, body);
  }

  /** Errors of a response against the spec: the status must be declared and the body must match its schema. */
  checkResponse(method: string, path: string, status: number, body: unknown): string[] {
    const op = this.find(method, path);
    if (!op) return [`no operation ${method} ${path} in Cisco's spec`];
    if (!(String(status) in op.responses)) {
      return [
        `status ${status} is not declared for ${op.operationId} (declared: ${Object.keys(op.responses)})`,
      ];
    }
    const schema = op.responses[String(status)];
    if (!schema) return [];
    return this.#validate(schema, body);
  }
}
