/** A JSON config held in a ConfigMap value, read at its own file lines. */
import { embed } from '../../parsers/cni-common.js';
import { emptyResult } from '../../parsers/common.js';
import { readTree, type Tree } from '../../parsers/tree.js';
import type { ParseResult } from '../../types.js';
import type { ObjectSite, Path } from '../types.js';

export function readEmbedded(site: ObjectSite, path: Path, out: ParseResult, what: string, read: (tree: Tree, lines: string[], res: ParseResult) => void): void {
  const text = site.text(path);
  if (!text) return;
  const res = emptyResult();
  const tree = readTree(text.lines);
  if (!tree.ok) res.diagnostics.push({ level: 'error', line: tree.line, message: `${what} is not valid JSON: ${tree.error}`, syntax: true });
  else read(tree.tree, text.lines, res);
  embed(out, res, text.firstLine, site);
}
