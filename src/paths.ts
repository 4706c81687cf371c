/** Files the package ships beside its code: schemas and the compiled policy. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Package root: dist/src/paths.js -> ../.. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const FACTS_SCHEMA = join(PACKAGE_ROOT, 'schemas', 'facts.schema.json');
export const PARAMS_SCHEMA = join(PACKAGE_ROOT, 'schemas', 'params.schema.json');
export const FLEET_SCHEMA = join(PACKAGE_ROOT, 'schemas', 'fleet.schema.json');
export const WAIVERS_SCHEMA = join(PACKAGE_ROOT, 'schemas', 'waivers.schema.json');
export const POLICY_WASM = join(PACKAGE_ROOT, 'policies', 'compiled', 'policy.wasm');
export const CATALOGUE = join(PACKAGE_ROOT, 'policies', 'compiled', 'catalogue.json');
