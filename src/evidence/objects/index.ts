/** The table of object handlers, one per kind of object that carries networking facts. */
import { podHandler } from './core/pod.js';
import type { ObjectHandler } from './types.js';

export const OBJECT_HANDLERS: readonly ObjectHandler[] = [podHandler];
