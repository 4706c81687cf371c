/**
 * ajv validation of the facts document and of policy parameters against the
 * schemas in /schemas. A failure names the JSON pointer and, for facts, the
 * evidence that produced the value.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
import type { Facts } from '../facts/types.js';
import { FACTS_SCHEMA, FLEET_SCHEMA, PACKAGE_ROOT, PARAMS_SCHEMA, WAIVERS_SCHEMA } from '../paths.js';

let factsValidator: ValidateFunction | undefined;
let paramsValidator: ValidateFunction | undefined;
let waiversValidator: ValidateFunction | undefined;

const require = createRequire(import.meta.url);

/**
 * The schema's validator: precompiled at build time (scripts/build-validators.mjs
 * writes dist/src/schema/validators.cjs from schemas/) or, when that file is
 * absent, compiled now with the same options. ajv is loaded only then.
 */
function compile(path: string, refs: readonly string[] = []): ValidateFunction {
  const precompiled = loadPrecompiled()?.[basename(path)];
  if (precompiled) return precompiled;
  const { Ajv } = require('ajv') as typeof import('ajv');
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  // Schemas this one refers to ($ref facts.schema.json#/...), known by their $id.
  for (const ref of refs) ajv.addSchema(JSON.parse(readFileSync(ref, 'utf8')) as object);
  return ajv.compile(JSON.parse(readFileSync(path, 'utf8')) as object);
}

let precompiledModule: Record<string, ValidateFunction> | null | undefined;

function loadPrecompiled(): Record<string, ValidateFunction> | null {
  if (precompiledModule !== undefined) return precompiledModule;
  try {
    // By its place in the package, so the bundled CLI (dist/bundle) finds it too.
    precompiledModule = require(join(PACKAGE_ROOT, 'dist', 'src', 'schema', 'validators.cjs')) as Record<string, ValidateFunction>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    precompiledModule = null;
  }
  return precompiledModule;
}

export function loadFactsSchema(): object {
  return JSON.parse(readFileSync(FACTS_SCHEMA, 'utf8')) as object;
}

/** Throws an InputError naming the pointer and the source of the first bad value. */
export function validateFacts(doc: unknown, origin = 'facts document'): asserts doc is Facts {
  factsValidator ??= compile(FACTS_SCHEMA);
  if (factsValidator(doc)) return;
  const errors = factsValidator.errors ?? [];
  const observations = (doc as Partial<Facts>)?.observations;
  const lines = errors.slice(0, 5).map((e) => {
    const where = Array.isArray(observations)
      ? observations.find((o) => typeof o?.pointer === 'string' && e.instancePath.startsWith(o.pointer) && o.pointer !== '')
      : undefined;
    const src = where?.source ? ` (from ${where.source.file}${where.source.line ? `:${where.source.line}` : ''})` : '';
    return `${describe(e)}${src}`;
  });
  const more = errors.length > 5 ? `; and ${errors.length - 5} more` : '';
  throw new InputError(`${origin} does not match schemas/facts.schema.json: ${lines.join('; ')}${more}`);
}

let fleetValidator: ValidateFunction | undefined;

/** Throws an InputError naming the pointers of the first bad values of a fleet facts document. */
export function validateFleet(doc: unknown, origin = 'fleet facts document'): void {
  fleetValidator ??= compile(FLEET_SCHEMA, [FACTS_SCHEMA]);
  if (fleetValidator(doc)) return;
  const errors = fleetValidator.errors ?? [];
  const more = errors.length > 5 ? `; and ${errors.length - 5} more` : '';
  throw new InputError(`${origin} does not match schemas/fleet.schema.json: ${errors.slice(0, 5).map(describe).join('; ')}${more}`);
}

export function validateParams(params: unknown, origin: string): void {
  paramsValidator ??= compile(PARAMS_SCHEMA);
  if (paramsValidator(params)) return;
  const errors = paramsValidator.errors ?? [];
  throw new InputError(`${origin}: parameters do not match schemas/params.schema.json: ${errors.slice(0, 5).map(describe).join('; ')}`);
}

/** Problems of a waiver file against schemas/waivers.schema.json, each with its JSON pointer; empty when valid. */
export function waiverErrors(doc: unknown): { pointer: string; message: string }[] {
  waiversValidator ??= compile(WAIVERS_SCHEMA);
  if (waiversValidator(doc)) return [];
  return (waiversValidator.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
    const message = describe(e).slice(describe(e).indexOf(': ') + 2);
    return { pointer: extra === undefined ? e.instancePath : `${e.instancePath}/${extra}`, message };
  });
}

function describe(e: ErrorObject): string {
  const at = e.instancePath === '' ? '(document root)' : e.instancePath;
  if (e.keyword === 'additionalProperties') {
    return `${at}: unexpected property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (e.keyword === 'enum') {
    return `${at}: ${e.message}: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${at}: ${e.message ?? e.keyword}`;
}

/** The parameters' schema errors, each with its JSON pointer, for callers that locate them (--data files). */
export function paramErrors(params: unknown): { pointer: string; message: string }[] {
  paramsValidator ??= compile(PARAMS_SCHEMA);
  if (paramsValidator(params)) return [];
  return (paramsValidator.errors ?? []).map((e) => {
    if (e.keyword === 'additionalProperties') {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      return { pointer: `${e.instancePath}/${name}`, message: 'not a parameter kube-netcheck knows (see kube-netcheck schema params)' };
    }
    const allowed = e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : '';
    return { pointer: e.instancePath, message: `${e.message ?? e.keyword}${allowed}` };
  });
}
