/**
 * Kubernetes objects as YAML or JSON: manifests (multi-document), `kubectl get
 * -o yaml|json` output including `kind: List` and typed lists (NodeList...),
 * kubeadm and component configuration files. Each object goes to the handlers
 * of ../objects that match it; positions come from the YAML parser (JSON is
 * YAML), so every value keeps its file line.
 *
 * Limits: aliases are capped (YAML alias bombs), nesting depth is capped.
 */
import { OBJECT_HANDLERS } from '../objects/index.js';
import { readObjects } from '../objects/read-objects.js';
import { readJsonList, readJsonSequence } from '../stream-json.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';

const KIND_LINE = /^\s*"?kind"?\s*:\s*"?[A-Z][A-Za-z0-9]*"?\s*,?\s*$/;
const API_LINE = /^\s*"?apiVersion"?\s*:\s*"?[a-z0-9.-]*\/?v[0-9]+[a-z0-9]*"?\s*,?\s*$/;
export { MAX_ALIASES, MAX_DEPTH } from '../objects/read-objects.js';

/**
 * A JSON list of this many lines or more (`kubectl get nodes -o json` of a
 * few hundred nodes) is read by the JSON reader of ./stream-json.ts, which is
 * many times faster than the YAML parser; anything it does not take as a
 * valid JSON list (YAML written in flow style, a single object) is read as
 * YAML, which also gives the error messages.
 */
const FAST_JSON_LINES = 2000;

export const k8sObjects: Parser = {
  kind: 'k8s-objects',
  title: 'Kubernetes objects (YAML or JSON)',
  detect(lines) {
    // JSON (kubectl -o json, possibly minified): look for the two keys in the head of the text.
    const first = lines.find((l) => l.trim() !== '')?.trim() ?? '';
    if (first.startsWith('{') || first.startsWith('[')) {
      let head = '';
      for (const l of lines) {
        head += `${l}\n`;
        if (head.length > 65536) break;
      }
      return /"kind"\s*:\s*"[A-Z]/.test(head) && /"apiVersion"\s*:/.test(head) ? 1 : 0;
    }
    let kind = false;
    let api = false;
    for (const l of lines) {
      if (!kind && KIND_LINE.test(l)) kind = true;
      else if (!api && API_LINE.test(l)) api = true;
      if (kind && api) return 1;
    }
    return 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    // JSON is tried as JSON first, joined once; YAML goes straight to the YAML reader.
    if ((lines.find((l) => l.trim() !== '') ?? '').replace(/^\uFEFF/, '').trimStart().startsWith('{')) {
      const text = lines.join('\n');
      const list = lines.length >= FAST_JSON_LINES ? readJsonList(Buffer.from(text), OBJECT_HANDLERS) : null;
      if (list) return list;
      // Objects one after another (`jq -c '.items[]'`): JSON, but not one document, so not YAML either.
      if (readJsonSequence(text, OBJECT_HANDLERS, out)) return out;
    }
    readObjects(lines, OBJECT_HANDLERS, out);
    return out;
  },
};

