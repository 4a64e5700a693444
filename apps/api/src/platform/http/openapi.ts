import { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { HeaderObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { getMetadataStorage } from 'class-validator';
import { isPolicy, Policy } from '../auth/policy.decorator';
import { CALENDAR_DATE_PATTERN, MULTILINE_TEXT_PATTERN, TEXT_PATTERN } from '@app/domain';
import { MULTILINE_FIELDS } from './clean-input.middleware';
import { IS_CALENDAR_DATE } from './calendar-date';
import { POSITION_PATTERN, ProblemDto } from './responses.dto';
import { RouteEntry, routeTable } from './route-table';
import { CSV, EXPORTS_EXTENSION, XLSX } from '../export/exportable';
import { IMPORTS_EXTENSION } from '../export/importable';

/**
 * The OpenAPI document, made exact so that Schemathesis can hold the API to it:
 * - parameter and body schemas are derived from the class-validator rules the ValidationPipe
 *   enforces (patterns, lengths, bounds, enums, array sizes, optional = nullable), so the spec
 *   and the validation cannot drift apart, for today's DTOs and tomorrow's;
 * - every object is closed (`additionalProperties: false`), as `forbidNonWhitelisted` is;
 * - the problem answers each route can give are added from its policy and shape (below);
 * - security follows `@Access`: public routes need no token, all others a bearer token.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('danvan-ledger')
      .setDescription('Event-sourced reporting for mass-mobilization (dân vận) coordination programs')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
    // Route methods are named after their use case (`setFigures`, `listReports`), unique across the app.
    { extraModels: [ProblemDto], operationIdFactory: (_controller, method) => method },
  );
  const routes = routeTable(app);
  const methods = [...new Map(routes.map((r) => [`${r.controller.name}.${r.handler}`, r.handler])).values()];
  const twice = methods.filter((n, i) => methods.indexOf(n) !== i);
  if (twice.length) throw new Error(`route methods name their operation and must be unique: ${[...new Set(twice)].join(', ')}`);
  applyValidationRules(document, routes);
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (op) completeOperation(op, method);
    }
  }
  linkCreatedResources(document);
  closeObjects(document);
  return document;
}

// ----- schemas from class-validator ---------------------------------------------------------------

interface PropertyRules {
  schema: SchemaObject;
  optional: boolean;
}

/** What the ValidationPipe enforces on each property of a DTO, as JSON Schema (`each` rules go to the array's items). */
function rulesOf(dto: Type<unknown>): Map<string, PropertyRules> {
  const rules = new Map<string, PropertyRules>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const rule = rules.get(m.propertyName) ?? { schema: {}, optional: false };
    rules.set(m.propertyName, rule);
    if (m.name === 'isOptional') rule.optional = true;
    else if (m.each) {
      const items: SchemaObject = {};
      applyRule(items, m.name, m.constraints);
      if (Object.keys(items).length) rule.schema.items = { ...(rule.schema.items as SchemaObject | undefined), ...items };
    }
    else applyRule(rule.schema, m.name, m.constraints);
  }
  // Free text without a pattern of its own still passes the input hygiene (clean-input.middleware):
  // the schema says so, or a client generating from it would send what the API refuses.
  for (const [name, rule] of rules) {
    if (rule.schema.type === 'string' && !rule.schema.pattern && !rule.schema.format && !rule.schema.enum) {
      rule.schema.pattern = MULTILINE_FIELDS.has(name) ? MULTILINE_TEXT_PATTERN : TEXT_PATTERN;
    }
  }
  return rules;
}

function applyRule(s: SchemaObject, name: string | undefined, constraints: unknown[] | undefined): void {
  const [a, b] = (constraints ?? []) as unknown[];
  switch (name) {
    case 'matches': s.type = 'string'; s.pattern = (a as RegExp).source; break;
    case 'isString': s.type = 'string'; break;
    case 'isLength': s.minLength = a as number; if (b !== undefined) s.maxLength = b as number; break;
    case 'minLength': s.minLength = a as number; break;
    case 'maxLength': s.maxLength = a as number; break;
    case 'isInt': s.type = 'integer'; break;
    case 'isBoolean': s.type = 'boolean'; break;
    case 'min': s.minimum = a as number; break;
    case 'max': s.maximum = a as number; break;
    case 'isIn': s.enum = a as unknown[]; break;
    case 'arrayMinSize': s.minItems = a as number; break;
    case 'arrayMaxSize': s.maxItems = a as number; break;
    case 'arrayUnique': s.uniqueItems = true; break;
    case 'isIso8601': s.type = 'string'; s.format = 'date-time'; break;
    case IS_CALENDAR_DATE: s.type = 'string'; s.format = 'date'; s.pattern = CALENDAR_DATE_PATTERN.source; break;
  }
}

/** DTO classes reachable from the routes' bodies, by schema name (the class name, as @nestjs/swagger names them). */
function bodyClasses(routes: RouteEntry[]): Map<string, Type<unknown>> {
  const found = new Map<string, Type<unknown>>();
  const visit = (cls: Type<unknown>) => {
    if (found.has(cls.name)) return;
    found.set(cls.name, cls);
    const props = (Reflect.getMetadata('swagger/apiModelPropertiesArray', cls.prototype) ?? []) as string[];
    for (const key of props) {
      const meta = Reflect.getMetadata('swagger/apiModelProperties', cls.prototype, key.replace(/^:/, '')) as { type?: unknown } | undefined;
      let type = meta?.type;
      if (Array.isArray(type)) type = type[0];
      if (typeof type === 'function' && type.prototype && !(type.name in { String: 1, Number: 1, Boolean: 1, Object: 1, Array: 1 })) {
        // `type: () => Dto` (lazy) has no prototype properties of its own; a class does.
        const resolved = (Reflect.getMetadata('swagger/apiModelPropertiesArray', type.prototype) ? type : (type as () => unknown)()) as Type<unknown>;
        if (typeof resolved === 'function') visit(resolved);
      }
    }
  };
  for (const r of routes) if (r.body) visit(r.body);
  return found;
}

function applyValidationRules(document: OpenAPIObject, routes: RouteEntry[]): void {
  const schemas = document.components?.schemas ?? {};
  for (const [name, cls] of bodyClasses(routes)) {
    const schema = schemas[name] as SchemaObject | undefined;
    if (!schema?.properties) continue;
    const required = new Set(schema.required ?? []);
    for (const [prop, rule] of rulesOf(cls)) {
      const target = schema.properties[prop] as SchemaObject | undefined;
      if (!target || '$ref' in target) continue;
      patchSchema(target, rule.schema);
      // IsOptional lets null through as well as a missing key; the handlers read null as "none".
      if (rule.optional) {
        required.delete(prop);
        target.nullable = true;
        // OpenAPI 3.0: an enum admits null only when it lists it.
        if (target.enum && !target.enum.includes(null)) target.enum = [...target.enum, null];
      } else required.add(prop);
    }
    schema.required = [...required];
    if (!schema.required.length) delete schema.required;
  }

  for (const route of routes) {
    const op = operationOf(document, route);
    if (!op) continue;
    for (const [location, dto] of [['query', route.query], ['path', route.params]] as const) {
      if (!dto) continue;
      for (const [prop, rule] of rulesOf(dto)) {
        const param = (op.parameters ?? []).find((p): p is ParameterObject => 'in' in p && p.in === location && p.name === prop);
        if (!param) continue;
        param.schema = (param.schema as SchemaObject | undefined) ?? {};
        patchSchema(param.schema, rule.schema);
        param.required = location === 'path' || !rule.optional;
      }
    }
  }
}

/** Merges validation rules into a generated schema; rules for items go into inline item schemas, never over a $ref. */
function patchSchema(target: SchemaObject, rules: SchemaObject): void {
  const { items, ...own } = rules;
  Object.assign(target, own);
  if (!items) return;
  if (!target.items) target.items = items;
  else if (!('$ref' in target.items)) Object.assign(target.items, items);
}

function operationOf(document: OpenAPIObject, route: RouteEntry): OperationObject | undefined {
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return (document.paths[path] as Record<string, OperationObject> | undefined)?.[route.method.toLowerCase()];
}

// ----- answers every route can give ---------------------------------------------------------------

const PROBLEM = { $ref: '#/components/schemas/ProblemDto' };
const REQUEST_ID = { description: 'Echoes a sane X-Request-Id from the request, else a new id; quote it to an operator', required: true, schema: { type: 'string' } };
const RETRY_AFTER = { description: 'Seconds to wait', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } };

function problemAnswer(description: string, headers: Record<string, unknown> = {}): ResponseObject {
  return { description, headers: headers as ResponseObject['headers'], content: { 'application/problem+json': { schema: PROBLEM } } };
}

/** Command preconditions, as the command context parses them. */
const COMMAND_HEADERS: ParameterObject[] = [
  {
    name: 'Idempotency-Key', in: 'header', required: false,
    description: 'The same key and body again: the first answer, nothing appended; another body: 422',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
  },
  {
    name: 'If-Match', in: 'header', required: false,
    description: 'The ETag of the revision the command expects; 412 when the resource has moved on',
    schema: { type: 'string', pattern: '^(W/)?"?[0-9]{1,9}"?$' },
  },
];

function completeOperation(op: OperationObject, method: string): void {
  const declared: unknown = Reflect.get(op, 'x-policy');
  const policy: Policy | undefined = isPolicy(declared) ? declared : undefined;
  const isCommand = method !== 'get';
  const params = (op.parameters ?? []).filter((p): p is ParameterObject => 'in' in p);
  const hasPathParams = params.some((p) => p.in === 'path');

  op.security = policy === 'public' ? [] : [{ bearer: [] }];
  // Class-level @ApiHeader decorators also land on queries, which ignore these headers.
  op.parameters = [
    ...(op.parameters ?? []).filter((p) => !('in' in p && p.in === 'header' && /^(idempotency-key|if-match)$/i.test(p.name))),
    ...(isCommand ? COMMAND_HEADERS : []),
  ];

  // A route that exports (platform/export) answers 200 in CSV and XLSX too.
  if (Reflect.get(op, EXPORTS_EXTENSION) === true) {
    Reflect.deleteProperty(op, EXPORTS_EXTENSION);
    const ok = op.responses[200] as ResponseObject;
    ok.content = {
      ...ok.content,
      [CSV]: { schema: { type: 'string', pattern: '^\\uFEFF', description: 'RFC 4180, UTF-8 with a byte order mark; a header row, then every row of every page' } },
      [XLSX]: { schema: { type: 'string', format: 'binary', description: 'An XLSX workbook with one worksheet' } },
    };
    // A file carries no revision: the ETag (a report's) comes with the JSON answer only.
    const etag = ok.headers?.ETag as HeaderObject | undefined;
    if (etag) ok.headers!.ETag = { ...etag, required: false, description: `${etag.description ?? ''} (JSON answers only: not on CSV or XLSX)`.trim() };
  }
  // A route that imports (platform/export/importable) takes CSV and XLSX bodies too.
  const imports = Reflect.get(op, IMPORTS_EXTENSION) === true;
  if (imports) {
    Reflect.deleteProperty(op, IMPORTS_EXTENSION);
    const body = op.requestBody as { content: Record<string, unknown>; required?: boolean };
    body.required = true;
    body.content = {
      ...body.content,
      [CSV]: { schema: { type: 'string', description: 'RFC 4180, UTF-8 with or without a byte order mark: a header row (indicator, areaCode, value, qualifier, note: the field names or the export\'s Vietnamese or English headings), then one figure per record' } },
      [XLSX]: { schema: { type: 'string', format: 'binary', description: 'An XLSX workbook: its first worksheet holds a header row and one figure per row, as the report\'s XLSX export; the parts the import reads (workbook, shared strings, first worksheet) inflate to at most 8 MiB each and 12 MiB together (413 otherwise)' } },
    };
  }
  const add = (status: number, response: ResponseObject) => {
    op.responses[status] ??= response;
  };
  add(400, problemAnswer('Malformed input: a parameter, header or body that breaks the rules above (field paths in `errors`)'));
  if (policy !== 'public') {
    add(401, problemAnswer('No bearer token, or one that is not valid (signature, expiry, issuer, audience, algorithm)', { 'WWW-Authenticate': { required: true, schema: { type: 'string' } } }));
    add(403, problemAnswer('The token is valid but its roles or unit scope do not allow this'));
  }
  if (hasPathParams) add(404, problemAnswer(`No such resource, or one outside the caller's scope (existence is not disclosed)`));
  // Filters that name an area answer 422 when it does not exist (the totals and summaries roll up over its subtree).
  if (!isCommand && params.some((p) => p.in === 'query' && p.name === 'areaCode')) {
    add(422, problemAnswer('The filter names an area that does not exist'));
  }
  if (isCommand) {
    add(409, problemAnswer('Conflict with the current state (wrong status, overlapping period, duplicate id, lost race); nothing appended'));
    add(412, problemAnswer('If-Match names a revision the resource has moved past', { ETag: { required: true, schema: { type: 'string' } } }));
    add(422, problemAnswer('Unknown reference (unit, indicator, ...) or an Idempotency-Key reused with another body; nothing appended'));
  }
  if (op.requestBody) {
    add(413, problemAnswer(`The body is larger than 1 MB${imports ? ', an XLSX body\'s parts the import reads inflate past 8 MiB each or 12 MiB together (errors names the body and the part)' : ''}, or the events it would append exceed the event store's maximum append size (EventStoreDB: 1 MiB by default); nothing appended`));
    add(415, problemAnswer(imports ? 'The body is not application/json, text/csv or XLSX' : 'The body is not application/json'));
  }
  add(429, problemAnswer('Rate limit for this principal (or client IP, without a token) reached', { 'Retry-After': RETRY_AFTER }));
  if (params.some((p) => p.in === 'query' && p.name === 'minPosition')) {
    add(503, problemAnswer('The read models did not reach minPosition within 5 s', { 'Retry-After': RETRY_AFTER }));
  }
  add(500, problemAnswer('Our fault; the body carries only the request id'));

  for (const response of Object.values(op.responses) as (ResponseObject | ReferenceObject)[]) {
    if ('$ref' in response) continue;
    response.headers = { 'X-Request-Id': REQUEST_ID, ...(response.headers ?? {}) } as ResponseObject['headers'];
  }
  // An answer as of a past position says which position it is (asOfTime resolves to one).
  const ok = op.responses[200] as ResponseObject | ReferenceObject | undefined;
  if (ok && !('$ref' in ok) && params.some((p) => p.in === 'query' && p.name === 'asOf')) {
    ok.headers = {
      ...(ok.headers ?? {}),
      'X-As-Of-Position': { required: false, description: 'With asOf or asOfTime: the log position the answer is as of (hex, at least 16 digits; zero is before every event)', schema: { type: 'string', pattern: POSITION_PATTERN } },
    } as ResponseObject['headers'];
  }
}

/**
 * OpenAPI links from each create (`POST /x` answering 201 `{id, position}`) to the operations on
 * what it created (`/x/{id}...`), passing the position as minPosition so that a read after the
 * write sees it. Clients (and Schemathesis' stateful phase) can follow them.
 */
function linkCreatedResources(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const created = item.post?.responses?.[201] as ResponseObject | undefined;
    if (!created) continue;
    const links: Record<string, { operationId: string; parameters: Record<string, string> }> = {};
    for (const [target, targetItem] of Object.entries(document.paths)) {
      const param = new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\{([A-Za-z]+)\\}`).exec(target)?.[1];
      if (!param) continue;
      for (const [method, op] of Object.entries(targetItem) as [string, OperationObject][]) {
        if (!op?.operationId || !['get', 'post', 'put'].includes(method)) continue;
        const query = (op.parameters ?? []).some((p) => 'in' in p && p.in === 'query' && p.name === 'minPosition');
        links[op.operationId] = {
          operationId: op.operationId,
          parameters: { [`path.${param}`]: '$response.body#/id', ...(query ? { 'query.minPosition': '$response.body#/position' } : {}) },
        };
      }
    }
    if (Object.keys(links).length) created.links = links;
  }
}

/** `forbidNonWhitelisted` refuses unknown keys; responses name every field. So no object is open. */
function closeObjects(document: OpenAPIObject): void {
  const close = (schema: SchemaObject | ReferenceObject | undefined): void => {
    if (!schema || '$ref' in schema) return;
    // Only objects that name their properties: a `{nullable, allOf: [$ref]}` wrapper has none of its own.
    if (schema.properties) {
      if (schema.additionalProperties === undefined) schema.additionalProperties = false;
      for (const p of Object.values(schema.properties ?? {})) close(p);
    }
    if (schema.items) close(schema.items as SchemaObject);
    for (const s of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) close(s);
  };
  for (const schema of Object.values(document.components?.schemas ?? {})) close(schema as SchemaObject);
}
