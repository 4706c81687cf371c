/**
 * Documents held inside other text, found with the line each starts on so that
 * whatever a parser reads from them keeps its true file line:
 *
 *   shell heredocs     cat <<EOF | kind create cluster --config=-      (also <<'EOF', <<"EOF",
 *                      cat > /etc/rancher/k3s/config.yaml <<'EOF'       <<-EOF with its leading
 *                      sudo tee /etc/rancher/rke2/config.yaml <<EOF     tabs stripped)
 *   Nix strings        environment.etc."rancher/k3s/config.yaml".text = ''
 *                        cluster-cidr: 10.42.0.0/16
 *                      '';                                              (common indent removed,
 *                                                                       ''$ and ''' unescaped)
 *   YAML block values  cloud-init write_files `content: |`, Ansible copy `content: |`,
 *                      blockinfile `block: |`, with the `path:`/`dest:` of the same item
 *
 * Every document is a run of consecutive lines of the text, so a document's
 * line i is text line firstLine + i - 1. Indentation common to all of a
 * document's lines is removed (a heredoc inside an indented `if`, `<<-EOF`
 * whose tabs became spaces, a Nix string): it never changes what YAML reads.
 */

export type Container = 'heredoc' | 'nix-string' | 'yaml-block';

export interface EmbeddedDoc {
  container: Container;
  /** 1-based text line of the line that opens the document (the `<<EOF` line, the `''` line, the `content: |` key). */
  openLine: number;
  /** 1-based text line of the document's first line. */
  firstLine: number;
  /** The document's lines, common indentation removed. */
  lines: string[];
  /** The command line that opens it, trimmed (`cat <<EOF | kind create cluster --config=-`), for detection hints. */
  command: string;
  /** The file the document is written to, when the text says (`cat > PATH`, `tee PATH`, `path:`, `dest:`, a Nix `environment.etc."PATH"`). */
  path: string | null;
  /** False when the end marker was never found: the document runs to the end of the text. */
  closed: boolean;
}

const HEREDOC = /(^|[^<])<<(-?)[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z_][A-Za-z0-9_.-]*))/;
const BLOCK_KEY = /^(\s*)(-\s+)?(content|contents|block):\s*[|>][-+0-9]*\s*(#.*)?$/;
const NIX_OPEN = /(^|[^'])''\s*$/;

/** Whether the text is Nix (a module or expression): only there is `''` the start of a string. */
export function looksLikeNix(lines: readonly string[], path?: string): boolean {
  if (path && /\.nix$/i.test(path)) return true;
  let hits = 0;
  for (const l of lines) {
    if (/^\s*\{[^}]*\.\.\.\s*\}:\s*$/.test(l) || /^\s*\{\s*(config|lib|pkgs)\b.*\}:/.test(l)) return true;
    if (/\b(lib\.mk\w+|mkIf|mkOption|mkDefault|pkgs\.\w+)\b/.test(l) || /^\s*[\w."-]+\s*=\s*.*;\s*$/.test(l)) hits++;
    if (hits >= 3) return true;
  }
  return false;
}

export function findEmbeddedDocs(lines: readonly string[], path?: string): EmbeddedDoc[] {
  const docs: EmbeddedDoc[] = [];
  const nix = looksLikeNix(lines, path);
  let i = 0;
  while (i < lines.length) {
    const next = heredocAt(lines, i) ?? (nix ? nixStringAt(lines, i) : null) ?? blockAt(lines, i);
    if (next) {
      docs.push(next);
      // Continue after the document (and its end marker).
      i = Math.max(i + 1, next.firstLine - 1 + next.lines.length + (next.closed && next.container !== 'yaml-block' ? 1 : 0));
      continue;
    }
    i++;
  }
  return docs;
}

function heredocAt(lines: readonly string[], i: number): EmbeddedDoc | null {
  const line = lines[i] ?? '';
  if (/^\s*#/.test(line)) return null;
  const m = HEREDOC.exec(line);
  if (!m) return null;
  const delim = m[3] ?? m[4] ?? m[5] ?? '';
  if (delim === '') return null;
  const dash = m[2] === '-';
  const body: string[] = [];
  let j = i + 1;
  let closed = false;
  for (; j < lines.length; j++) {
    const l = lines[j] ?? '';
    // <<-EOF: leading tabs (spaces once read) go before the marker; <<EOF: the marker alone.
    if ((dash ? l.trimStart() : l) === delim || l.trim() === delim) {
      closed = true;
      break;
    }
    body.push(l);
  }
  return { container: 'heredoc', openLine: i + 1, firstLine: i + 2, lines: dedent(body), command: line.trim(), path: shellTarget(line), closed };
}

/** The file a heredoc line writes: `cat > PATH`, `cat >> PATH`, `tee [-a] PATH`, `--config PATH`. */
function shellTarget(line: string): string | null {
  const redirect = /(?:^|[^0-9&>])>>?\s*("[^"]+"|'[^']+'|[^\s;|&<>]+)/.exec(line.replace(/<<-?\s*\S+/, ' '));
  const tee = /\btee\s+(?:-a\s+|--append\s+)?("[^"]+"|'[^']+'|[^\s;|&<>]+)/.exec(line);
  const raw = tee?.[1] ?? redirect?.[1] ?? null;
  if (raw === null) return null;
  const p = raw.replace(/^["']|["']$/g, '');
  return p === '/dev/null' || p.startsWith('&') ? null : p;
}

function nixStringAt(lines: readonly string[], i: number): EmbeddedDoc | null {
  const line = lines[i] ?? '';
  if (/^\s*#/.test(line) || !NIX_OPEN.test(line)) return null;
  const body: string[] = [];
  let closed = false;
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j] ?? '';
    const end = nixEnd(l);
    if (end >= 0) {
      const before = l.slice(0, end);
      if (before.trim() !== '') body.push(before);
      closed = true;
      break;
    }
    body.push(l);
  }
  const etc = /environment\.etc\.\s*"([^"]+)"/.exec(line) ?? /"(\/etc\/[^"]+)"/.exec(line);
  const path = etc?.[1] ? (etc[1].startsWith('/') ? etc[1] : `/etc/${etc[1]}`) : null;
  const text = dedent(body).map((l) => l.replace(/'''/g, "''").replace(/''\$/g, '$').replace(/''\\(.)/g, '$1'));
  return { container: 'nix-string', openLine: i + 1, firstLine: i + 2, lines: text, command: line.trim(), path, closed };
}

/** Index of the `''` that ends a Nix indented string on this line, or -1 (`'''`, `''$`, `''\` are escapes). */
function nixEnd(l: string): number {
  for (let k = l.indexOf("''"); k >= 0; k = l.indexOf("''", k + 1)) {
    const after = l[k + 2];
    if (after === "'") {
      k += 2;
      continue;
    }
    if (after === '$' || after === '\\') {
      k += 2;
      continue;
    }
    return k;
  }
  return -1;
}

function blockAt(lines: readonly string[], i: number): EmbeddedDoc | null {
  const line = lines[i] ?? '';
  const m = BLOCK_KEY.exec(line);
  if (!m) return null;
  const keyIndent = (m[1] ?? '').length + (m[2] ?? '').length;
  const body: string[] = [];
  let j = i + 1;
  for (; j < lines.length; j++) {
    const l = lines[j] ?? '';
    if (l.trim() === '') {
      body.push(l);
      continue;
    }
    if (indentOf(l) <= keyIndent) break;
    body.push(l);
  }
  while (body.length > 0 && (body[body.length - 1] ?? '').trim() === '') body.pop();
  if (body.length === 0) return null;
  return { container: 'yaml-block', openLine: i + 1, firstLine: i + 2, lines: dedent(body), command: line.trim(), path: siblingPath(lines, i, keyIndent, m[2] !== undefined), closed: true };
}

/** `path:` (cloud-init write_files) or `dest:` (Ansible copy/template/blockinfile) of the same list item or mapping. */
function siblingPath(lines: readonly string[], i: number, keyIndent: number, itemStart: boolean): string | null {
  const KEY = /^(\s*)(-\s+)?(path|dest):\s*(.+?)\s*$/;
  const val = (raw: string): string | null => {
    const v = raw.replace(/\s+#.*$/, '').replace(/^["']|["']$/g, '');
    return v === '' ? null : v;
  };
  // Upward while still in the item.
  if (!itemStart) {
    for (let j = i - 1; j >= 0 && j >= i - 40; j--) {
      const l = lines[j] ?? '';
      if (l.trim() === '') continue;
      const k = KEY.exec(l);
      const ind = indentOf(l) + (k?.[2] ?? '').length;
      if (k && ind === keyIndent) return val(k[4] ?? '');
      if (/^\s*-\s/.test(l) && indentOf(l) + 2 === keyIndent) break;
      if (indentOf(l) < keyIndent) break;
    }
  }
  // Downward past the block to the item's other keys.
  for (let j = i + 1; j < lines.length && j <= i + 400; j++) {
    const l = lines[j] ?? '';
    if (l.trim() === '') continue;
    const ind = indentOf(l);
    if (ind > keyIndent) continue;
    if (ind < keyIndent || /^\s*-\s/.test(l)) break;
    const k = KEY.exec(l);
    if (k) return val(k[4] ?? '');
  }
  return null;
}

function indentOf(l: string): number {
  return l.length - l.trimStart().length;
}

/** Removes the indentation every non-blank line shares. */
export function dedent(body: readonly string[]): string[] {
  let min = Infinity;
  for (const l of body) if (l.trim() !== '') min = Math.min(min, indentOf(l));
  if (!Number.isFinite(min) || min === 0) return [...body];
  return body.map((l) => (l.trim() === '' ? '' : l.slice(min)));
}

/** The text with every document's lines blanked, so that what surrounds them is read on its own with the same line numbers. */
export function withoutDocs(lines: readonly string[], docs: readonly EmbeddedDoc[]): string[] {
  const out = [...lines];
  for (const d of docs) for (let k = 0; k < d.lines.length; k++) out[d.firstLine - 1 + k] = '';
  return out;
}
