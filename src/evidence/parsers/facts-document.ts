/**
 * A facts document (`kube-netcheck facts` output, or another tool's document of
 * the same schema) is not evidence: it holds resolved facts and the excerpts of
 * the evidence they came from, and those excerpts look like the evidence itself
 * (a weave-net log line, a kube-apiserver flag). Read as evidence it would be
 * claimed by whichever parser its excerpts resemble, and judged on a fraction of
 * its facts. This entry claims it first, wherever it is met (a folder, a runbook
 * block, stdin read as evidence), and says how to give it: alone, as
 * `check facts.json` and `check -` read it (src/check.ts).
 */
import type { Parser } from '../types.js';

/**
 * Whether a text is a facts document: a JSON object naming the document's
 * required members schemaVersion and networks (schemas/facts.schema.json; the
 * two come first as `kube-netcheck facts` writes it). Markers, not a full parse,
 * so that a truncated document is still recognised, and its JSON error reported
 * as such.
 */
export function isFactsDocument(text: string): boolean {
  return /^\uFEFF?\s*\{/.test(text) && /"schemaVersion"\s*:/.test(text) && /"networks"\s*:/.test(text);
}

const FACTS_DOCUMENT_ADVICE = 'give it alone (kube-netcheck check facts.json, or - for stdin), or give the evidence it was made from';

export const factsDocument: Parser = {
  kind: 'facts-document',
  title: 'facts document',
  detect(lines) {
    const first = lines.find((l) => l.trim() !== '');
    if (first === undefined || !/^\uFEFF?\s*\{/.test(first)) return 0;
    // Above every evidence kind, the runbook container included: nothing else may claim it.
    return isFactsDocument(lines.join('\n')) ? 2 : 0;
  },
  parse(lines, ctx) {
    const first = lines.findIndex((l) => l.trim() !== '');
    const line = first < 0 ? null : first + 1;
    // A whole file (read with a path) stops the run; a block of a runbook (no path of its own)
    // may be a document quoted for illustration: a warning, and the block is not read.
    if (ctx.path === undefined) return { observations: [], diagnostics: [{ level: 'warning', line, message: 'a facts document quoted in a block is not evidence: not read; to check it, give it alone (kube-netcheck check facts.json)' }] };
    return { observations: [], diagnostics: [{ level: 'error', line, message: `a facts document (kube-netcheck facts output) is not evidence to read with other evidence: ${FACTS_DOCUMENT_ADVICE}` }] };
  },
};
