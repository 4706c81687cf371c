/**
 * A markdown runbook or lab write-up: fenced code blocks holding commands and
 * their outputs, in either of the usual layouts:
 *
 *   **Command:**            or      ```
 *   ```                             $ kubectl get ds -n kube-system
 *   k get ds -n kube-system         NAME   DESIRED ...
 *   ```                             ```
 *   **Output:**
 *   ```
 *   NAME   DESIRED ...
 *   ```
 *
 * Each output is handed to the parser its command and content point to, with
 * line numbers kept relative to the runbook. Prose is not evidence: ranges
 * stated in prose ("the pod range is 10.244.0.0/16") are reported as skipped.
 */
import type { ParseContext, Parser, ParseResult, RawDiagnostic } from '../types.js';
import { emptyResult } from './common.js';
import { PROMPT_HOST } from './host.js';

/** Hands a block of lines to the best parser; returns null when no parser knows it. */
export type Dispatch = (lines: readonly string[], ctx: ParseContext) => (ParseResult & { kind: string; title?: string }) | null;

const FENCE = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/;
const PROMPT = /^\s*(?:[^\s$#➜❯>]+(?:\s+[^\s$#➜❯>]+)?\s*)?(?:\$|#|➜|❯|>)\s+((?:sudo\s+)?(?:k|kubectl|ip|cat|grep|sysctl|journalctl|crictl|docker|kubeadm|ps|ss|iptables|ipvsadm|nft|calicoctl|cilium|weave|helm|ls|find|less|tail|head|ssh)\b.*)$/;
const COMMAND_WORD = /^\s*(?:\$\s+)?(?:sudo\s+)?(?:k|kubectl|ip|cat|grep|sysctl|journalctl|crictl|docker|kubeadm|ps|ss|iptables|ipvsadm|nft|calicoctl|cilium|weave|helm|tail|head|ssh)\s/;
const CIDR_IN_PROSE = /\b(?:\d{1,3}\.){3}\d{1,3}\/\d{1,3}\b|\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\/\d{1,3}\b/gi;

interface Block {
  /** 1-based line number of the first content line. */
  start: number;
  lines: string[];
  label: 'command' | 'output' | null;
}

export function makeRunbookParser(dispatch: Dispatch): Parser {
  return {
    kind: 'markdown-runbook',
    title: 'markdown runbook',
    detect(lines, ctx) {
      let fences = 0;
      let markdown = 0;
      for (const l of lines) {
        if (FENCE.test(l)) fences++;
        else if (/^\s*(#{1,6}\s|\*\*[^*]+\*\*|[-*]\s)/.test(l)) markdown++;
      }
      if (fences < 2) return 0;
      // A container of other evidence: when it is markdown, it wins over what its blocks hold.
      return markdown > 0 || /\.(md|markdown)$/i.test(ctx.path ?? '') ? 1.5 : 0.5;
    },
    parse(lines) {
      return parseRunbook(lines, dispatch);
    },
  };
}

export function parseRunbook(lines: readonly string[], dispatch: Dispatch): ParseResult {
  const out: ParseResult = emptyResult();
  const blocks = findBlocks(lines, out);
  const unparsed: RawDiagnostic[] = [];
  let pending: string | undefined;
  for (const block of blocks) {
    const nonEmpty = block.lines.filter((l) => l.trim() !== '');
    const looksLikeCommand = nonEmpty.length === 1 && COMMAND_WORD.test(nonEmpty[0] ?? '');
    if (block.label === 'command' || (block.label === null && looksLikeCommand && !PROMPT.test(nonEmpty[0] ?? ''))) {
      pending = nonEmpty.map((l) => l.trim().replace(/^\$\s+/, '')).join(' ');
      continue;
    }
    // A block may hold prompts followed by their outputs.
    const segments = splitPrompts(block, pending);
    pending = undefined;
    for (const seg of segments) readSegment(seg, dispatch, out, unparsed);
  }
  onlySource(out, unparsed);
  return out;
}

type Segment = { start: number; lines: string[]; command?: string; host?: string };

/**
 * One block of a container (a fenced block of a write-up, a heredoc of a script)
 * handed to the parser of its kind. A block with anything it could not read gives
 * no facts (what it gives could be partial); the rest of the container stands.
 * Containers quote partial snippets all the time, so a block that does not parse
 * is a note; a value that parses but is invalid stays an error.
 */
function readSegment(seg: Segment, dispatch: Dispatch, out: ParseResult, unparsed: RawDiagnostic[], what = 'output'): void {
  if (seg.lines.every((l) => l.trim() === '')) return;
  const res = dispatch(seg.lines, { ...(seg.command === undefined ? {} : { command: seg.command }), ...(seg.host ? { host: seg.host } : {}) });
  if (!res) {
    out.diagnostics.push({
      level: 'skipped',
      line: seg.start,
      message: `${what}${seg.command ? ` of \`${seg.command}\`` : ''} is not evidence of any known kind`,
    });
    return;
  }
  const at = (line: number | null): number => (line === null ? seg.start : line + seg.start - 1);
  if (res.diagnostics.some((d) => d.level === 'error')) {
    for (const d of res.diagnostics) {
      if (d.level !== 'error') out.diagnostics.push({ ...d, line: at(d.line) });
      else if (d.syntax) {
        const note = { ...d, level: 'warning' as const, line: at(d.line), message: `${what === 'heredoc' ? 'heredoc' : 'block'} at line ${seg.start} skipped: looks like ${res.title ?? res.kind}, but ${d.message}`, contained: true };
        out.diagnostics.push(note);
        unparsed.push(note);
      } else out.diagnostics.push({ ...d, line: at(d.line), contained: true });
    }
    return;
  }
  for (const o of res.observations) out.observations.push({ ...o, line: at(o.line), kind: o.kind ?? res.kind });
  for (const d of res.diagnostics) out.diagnostics.push({ ...d, line: at(d.line) });
}

/**
 * A block that does not parse is an error when it is the only evidence the container
 * has: then the container, as a file of evidence, could not be read.
 */
function onlySource(out: ParseResult, unparsed: readonly RawDiagnostic[]): void {
  if (out.observations.length > 0) return;
  for (const note of unparsed) {
    note.level = 'error';
    note.message = `${note.message} (nothing else in this file is evidence)`;
  }
}

const SHEBANG = /^#!\s*\S*\b(?:env\s+)?(?:ba|z|k|da|a)?sh\b/;
const HEREDOC = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/;

/**
 * A shell script is a container too: the body of each heredoc (`cat <<EOF | kubectl
 * apply -f -`, `kind create cluster --config - <<EOF`) is handed to the parser of its
 * kind, as a write-up's fenced blocks are; the script's own lines are not evidence.
 */
export function makeShellScriptParser(dispatch: Dispatch): Parser {
  return {
    kind: 'shell-script',
    title: 'shell script (heredocs)',
    detect(lines, ctx) {
      const first = lines.find((l) => l.trim() !== '') ?? '';
      const script = SHEBANG.test(first) || /\.(?:sh|bash)$/i.test(ctx.path ?? '');
      return script && lines.some((l) => HEREDOC.test(l)) ? 1.5 : 0;
    },
    parse(lines) {
      const out: ParseResult = emptyResult();
      const unparsed: RawDiagnostic[] = [];
      for (let i = 0; i < lines.length; i++) {
        const m = HEREDOC.exec(lines[i]!);
        if (!m || /^\s*#/.test(lines[i]!)) continue;
        const [, dash, , word] = m;
        const body: string[] = [];
        let j = i + 1;
        while (j < lines.length && (dash ? lines[j]!.trim() : lines[j]!) !== word) body.push(lines[j++]!);
        if (j >= lines.length) out.diagnostics.push({ level: 'warning', line: i + 1, message: `heredoc ${word} is never closed: read to the end of the file` });
        readSegment({ start: i + 2, lines: body, command: lines[i]!.trim() }, dispatch, out, unparsed, 'heredoc');
        i = j;
      }
      onlySource(out, unparsed);
      return out;
    },
  };
}

function findBlocks(lines: readonly string[], out: ParseResult): Block[] {
  const blocks: Block[] = [];
  let open: { fence: string; start: number; label: Block['label'] } | null = null;
  let body: string[] = [];
  let prose: string[] = [];
  lines.forEach((line, i) => {
    const m = FENCE.exec(line);
    if (open) {
      if (m && (m[1] ?? '').startsWith(open.fence[0] ?? '`') && (m[1] ?? '').length >= open.fence.length && (m[2] ?? '') === '') {
        blocks.push({ start: open.start, lines: body, label: open.label });
        open = null;
        body = [];
      } else {
        body.push(line);
      }
      return;
    }
    if (m) {
      const recent = prose.slice(-3).join(' ');
      const label = /\boutput\b|\bresult\b/i.test(recent) ? 'output' : /\bcommand\b|\brun\b/i.test(recent) ? 'command' : null;
      open = { fence: m[1] ?? '```', start: i + 2, label };
      prose = [];
      return;
    }
    if (line.trim() !== '') prose.push(line);
    for (const cidr of line.matchAll(CIDR_IN_PROSE)) {
      out.diagnostics.push({
        level: 'skipped',
        line: i + 1,
        message: `${cidr[0]} is stated in prose, not shown by a command: not taken as evidence`,
      });
    }
  });
  if (open !== null) {
    const o: { start: number; label: Block['label'] } = open;
    out.diagnostics.push({ level: 'warning', line: o.start - 1, message: 'code block is never closed: read to the end of the file' });
    blocks.push({ start: o.start, lines: body, label: o.label });
  }
  return blocks;
}

function splitPrompts(block: Block, command: string | undefined): { start: number; lines: string[]; command?: string; host?: string }[] {
  const segs: { start: number; lines: string[]; command?: string; host?: string }[] = [];
  let cur: { start: number; lines: string[]; command?: string; host?: string } = { start: block.start, lines: [], ...(command ? { command } : {}) };
  block.lines.forEach((line, i) => {
    const p = PROMPT.exec(line);
    if (p) {
      if (cur.lines.length > 0) segs.push(cur);
      // `root@node01:~# sysctl ...`: the prompt names the host the output is from.
      const host = PROMPT_HOST.exec(line)?.[1];
      cur = { start: block.start + i + 1, lines: [], command: (p[1] ?? '').trim(), ...(host ? { host } : {}) };
      return;
    }
    cur.lines.push(line);
  });
  if (cur.lines.length > 0) segs.push(cur);
  return segs;
}
