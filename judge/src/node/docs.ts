// docs/api.md and the node's part of docs/configuration.md, rendered from the
// OpenAPI document and the config schema: the documents cannot drift from what
// the node does (`npm run docs` writes them; a test fails when they are stale).
import { z } from 'zod';
import { markdownTable as table } from '../markdown.js';
import { openApiDocument } from './api/index.js';
import { innerSchema, settings } from './config.js';

type Json = Record<string, unknown>;

/** The first line of a generated document. */
export const generatedNote = (source: string) =>
  `<!-- Generated from ${source} by \`npm run docs\`: edit the source, not this file. -->\n`;

const refName = (ref: string) => ref.split('/').at(-1) ?? ref;
const anchor = (name: string) => `[${name}](#${name.toLowerCase()})`;

/** A JSON Schema's type in words. */
function typeOf(s: Json): string {
  if (typeof s.$ref === 'string') return anchor(refName(s.$ref));
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (Array.isArray(s.enum)) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ');
  const variants = (s.oneOf ?? s.anyOf) as Json[] | undefined;
  if (variants) return variants.map(typeOf).join(' or ');
  if (s.type === 'array') return `array of ${typeOf((s.items ?? {}) as Json)}`;
  if (Array.isArray(s.type)) return s.type.join(' or ');
  if (s.type === 'object' && s.properties === undefined && s.additionalProperties) {
    return `map of ${typeOf(s.additionalProperties as Json)}`;
  }
  return typeof s.type === 'string' ? s.type : 'any';
}

/** Bounds, patterns and defaults of a JSON Schema, in words. */
function constraints(s: Json): string {
  const out: string[] = [];
  // Integers without bounds of their own come out bounded by the safe integers: not worth saying.
  const bound = (v: unknown) => (typeof v === 'number' && Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v);
  const pair = (lo: unknown, hi: unknown, what: string) => {
    if (lo !== undefined && hi !== undefined) out.push(`${what}${lo}–${hi}`);
    else if (lo !== undefined) out.push(`${what}≥ ${lo}`);
    else if (hi !== undefined) out.push(`${what}≤ ${hi}`);
  };
  pair(
    bound(s.minimum) ?? (s.exclusiveMinimum !== undefined ? `>${s.exclusiveMinimum}` : undefined),
    bound(s.maximum),
    '',
  );
  pair(s.minLength, s.maxLength, 'length ');
  pair(s.minItems, s.maxItems, 'items ');
  if (typeof s.pattern === 'string') out.push(`\`${s.pattern}\``);
  if (s.default !== undefined) out.push(`default \`${JSON.stringify(s.default)}\``);
  return out.join(', ');
}

/** Rows for an object's fields, nested fields as `a.b`, array items as `a[].b`, union variants as `a (type=x)`. */
function fieldRows(s: Json, prefix = ''): string[][] {
  const rows: string[][] = [];
  const properties = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required ?? []) as string[]);
  for (const [name, field] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    rows.push([
      `\`${path}\``,
      typeOf(field),
      required.has(name) ? 'yes' : '',
      constraints(field),
      String(field.description ?? ''),
    ]);
    rows.push(...nestedRows(field, path));
  }
  return rows;
}

function nestedRows(field: Json, path: string): string[][] {
  if (field.type === 'object' && field.properties) return fieldRows(field, `${path}.`);
  const items = field.items as Json | undefined;
  if (field.type === 'array' && items?.type === 'object' && items.properties) return fieldRows(items, `${path}[].`);
  const variants = (field.oneOf ?? field.anyOf) as Json[] | undefined;
  if (!variants) return [];
  return variants.flatMap((v) => {
    const props = (v.properties ?? {}) as Record<string, Json>;
    const tag = Object.entries(props).find(([, p]) => p.const !== undefined);
    if (!tag) return [];
    const rest = { ...v, properties: Object.fromEntries(Object.entries(props).filter(([k]) => k !== tag[0])) };
    return fieldRows(rest, `${path} (${tag[0]}=${JSON.stringify(tag[1].const)}).`);
  });
}

function schemaSection(name: string, s: Json): string {
  const lines = [`### ${name}`, ''];
  if (s.description) lines.push(String(s.description), '');
  if (s.type === 'object' && s.properties) {
    lines.push(table(['field', 'type', 'required', 'bounds', 'what'], fieldRows(s)));
    if (s.additionalProperties === false) lines.push('', 'Other fields are refused.');
  } else {
    lines.push(`${typeOf(s)}${constraints(s) ? ` (${constraints(s)})` : ''}`);
  }
  return lines.join('\n');
}

function operationSection(method: string, path: string, op: Json): string {
  const lines = [`### ${method.toUpperCase()} ${path}`, '', String(op.summary ?? '')];
  if (op.description) lines.push('', String(op.description));
  if (Array.isArray(op.security) && op.security.length === 0) lines.push('', 'Open: no credentials needed.');
  const params = (op.parameters ?? []) as Json[];
  if (params.length > 0) {
    lines.push(
      '',
      table(
        ['parameter', 'in', 'type', 'what'],
        params.map((p) => {
          const s = (p.schema ?? {}) as Json;
          const bounds = constraints(s);
          return [
            `\`${p.name}\`${p.required ? ' (required)' : ''}`,
            String(p.in),
            `${typeOf(s)}${bounds ? ` (${bounds})` : ''}`,
            String(p.description ?? ''),
          ];
        }),
      ),
    );
  }
  const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  if (body) {
    for (const [type, media] of Object.entries(body)) lines.push('', `Body (${type}): ${typeOf(media.schema as Json)}`);
  }
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, r]) => {
    const content = r.content as Record<string, Json> | undefined;
    const schema = content ? Object.values(content)[0]?.schema : undefined;
    const headers = r.headers ? Object.keys(r.headers as Json).join(', ') : '';
    return [status, schema ? typeOf(schema as Json) : '', String(r.description ?? ''), headers];
  });
  lines.push('', table(['status', 'body', 'when', 'headers'], responses));
  return lines.join('\n');
}

/** docs/api.md: the node's API from its OpenAPI document. */
export function renderApiDoc(doc: Json = openApiDocument()): string {
  const info = doc.info as Json;
  const components = doc.components as { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
  const out = [
    generatedNote('the OpenAPI document of the node (judge/src/node/api/openapi.ts)'),
    '# The judge API',
    '',
    String(info.description),
    '',
    'A node serves its OpenAPI document at `GET /openapi.json`. The edge serves the same `/v1`, `/api/v2` and Judge0 routes with its own keys and limits (edge/README.md); its submission ids and Judge0 tokens carry the region (`<region>.<id>`).',
    '',
    '## Credentials',
    '',
    table(
      ['scheme', 'how', 'what'],
      Object.entries(components.securitySchemes).map(([name, s]) => [
        name,
        s.type === 'http' ? '`Authorization: Bearer <key>`' : `\`${s.name}\` header`,
        String(s.description ?? ''),
      ]),
    ),
  ];
  for (const tag of (doc.tags ?? []) as { name: string; description?: string }[]) {
    out.push('', `## ${tag.name}`, '', tag.description ?? '');
  }
  out.push('', '## Routes');
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(item)) out.push('', operationSection(method, path, op));
  }
  const webhooks = Object.entries((doc.webhooks ?? {}) as Record<string, Record<string, Json>>);
  if (webhooks.length > 0) {
    out.push('', '## Callbacks sent', '', 'What a node sends to a callback URL (see Callbacks).');
    for (const [name, item] of webhooks) {
      for (const [method, op] of Object.entries(item)) out.push('', operationSection(method, `(${name})`, op));
    }
  }
  out.push('', '## Schemas');
  for (const [name, s] of Object.entries(components.schemas)) out.push('', schemaSection(name, s));
  return `${out.join('\n')}\n`;
}

/** A setting's default as documentation shows it. */
function defaultOf(schema: z.ZodType, shown: string | undefined): string {
  if (shown) return `\`${shown}\``;
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  if (!(s instanceof z.ZodDefault)) return '';
  if (innerSchema(s) instanceof z.ZodObject) return '(below)';
  const value = s.def.defaultValue;
  if (Array.isArray(value) && value.length === 0) return '(none)';
  return `\`${JSON.stringify(value)}\``;
}

/** The node's settings: `node.yaml` keys, variables, flags and defaults. */
export function renderNodeConfigDoc(): string {
  const rows = settings().map((s) => {
    const inner = innerSchema(s.schema);
    const type =
      inner instanceof z.ZodObject
        ? 'mapping'
        : inner instanceof z.ZodArray
          ? 'list'
          : inner instanceof z.ZodRecord
            ? 'mapping'
            : typeOf(z.toJSONSchema(inner, { io: 'input', unrepresentable: 'any' }) as Json);
    const flag = s.doc.flag ? `\`--${s.doc.flag}\`${s.doc.for ? ` (${s.doc.for})` : ''}` : '';
    return [
      `\`${s.key}\``,
      (s.doc.env ?? []).map((e) => `\`${e}\``).join(', '),
      flag,
      type,
      defaultOf(s.schema, s.doc.shownDefault),
      `${s.doc.description}${s.doc.secret ? ' A secret: give it in the environment or the file, not as a flag.' : ''}`,
    ];
  });
  return table(['node.yaml key', 'variable', 'flag', 'type', 'default', 'what'], rows);
}
