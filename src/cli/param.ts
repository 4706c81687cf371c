/** `--param key=value`: one built-in rule parameter, typed by schemas/params.schema.json. */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { PARAMS_SCHEMA } from '../paths.js';

interface PropSchema {
  type?: string | string[];
  enum?: unknown[];
  items?: PropSchema;
}

let props: Record<string, PropSchema> | undefined;

function properties(): Record<string, PropSchema> {
  props ??= (JSON.parse(readFileSync(PARAMS_SCHEMA, 'utf8')) as { properties?: Record<string, PropSchema> }).properties ?? {};
  return props;
}

/** `allowedProxyModes=iptables,ipvs` -> ["allowedProxyModes", ["iptables", "ipvs"]]. The schema then validates the value. */
export function parseParam(spec: string): [string, unknown] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--param ${spec}: expected NAME=VALUE, e.g. --param allowedProxyModes=iptables,ipvs`);
  const name = spec.slice(0, eq).trim();
  const text = spec.slice(eq + 1).trim();
  const schema = properties()[name];
  if (!schema) throw new UsageError(`--param ${spec}: unknown parameter "${name}": expected one of ${Object.keys(properties()).join(', ')} (kube-netcheck schema params)`);
  return [name, typed(text, schema, `--param ${spec}`)];
}

function typed(text: string, schema: PropSchema, where: string): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : (schema.type ?? (schema.enum ? typeof schema.enum[0] : 'string'));
  switch (type) {
    case 'array':
      return text === '' ? [] : text.split(',').map((t) => typed(t.trim(), schema.items ?? {}, where));
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n))) throw new UsageError(`${where}: "${text}" is not ${type === 'integer' ? 'an integer' : 'a number'}`);
      return n;
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw new UsageError(`${where}: "${text}" is not a boolean: expected true or false`);
    default:
      return text;
  }
}
