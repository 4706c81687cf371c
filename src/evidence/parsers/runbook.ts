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
 * A terminal transcript without fences (`$ kubectl get nodes -o wide`, its table,
 * `$ ifconfig cni0`, its output...) is read the same way, as one block.
 * reStructuredText literal blocks are read as fenced ones: a paragraph ending in
 * `::` (`Command::`, `Output::`, `... as follows. ::`), a blank line, then the
 * block, indented more than the paragraph (docutils' rule; the AWS CLI's own
 * examples, awscli/examples/<service>/<command>.rst, are written so).
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
const PROMPT = /^\s*(?:[^\s$#➜❯>✖✗]+(?:\s+[^\s$#➜❯>✖✗]+)?\s*)?(?:\$|#|➜|❯|>|✖|✗)\s+((?:sudo\s+)?(?:k|kubectl|ip|ifconfig|nmcli|netplan|cilium-dbg|cat|grep|sysctl|journalctl|crictl|docker|kubeadm|ps|ss|iptables|ipvsadm|nft|calicoctl|cilium|weave|helm|ls|find|less|tail|head|ssh)\b.*)$/;
const COMMAND_WORD = /^\s*(?:\$\s+)?(?:sudo\s+)?(?:k|kubectl|ip|ifconfig|nmcli|netplan|cilium-dbg|cat|grep|sysctl|journalctl|crictl|docker|kubeadm|ps|ss|iptables|ipvsadm|nft|calicoctl|cilium|weave|helm|tail|head|ssh)\s/;
/**
 * Commands that state networking facts themselves: `kubeadm init --pod-network-cidr ...`, a
 * control-plane binary run with its flags. Their command lines are evidence, not only their outputs.
 */
const COMMAND_IS_EVIDENCE = /(?:^|[\s/])(?:kubeadm\s+init|kube-apiserver|kube-controller-manager|kube-proxy)\b.*\s--[a-z]/;
/** KodeKloud-style prompts name the host first: `controlplane ~ ➜  ip a`, `root@node01 ~ ✖ cat x`. */
const PROMPT_HOST_FIRST = /^\s*(?:[\w.-]+@)?([A-Za-z][\w.-]*)\s+~\S*\s+[➜✖✗]\s/;
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
      if (fences < 2 && rstLiterals(lines).length >= 2) return /\.rst$/i.test(ctx.path ?? '') ? 1.5 : 1.2;
      if (fences < 2) {
        // A terminal transcript: no fences, but several prompts, each followed by what it printed.
        let prompts = 0;
        // A bare `# cmd` is a shell comment as often as a root prompt: not counted.
        for (const l of lines) if (PROMPT.test(l) && !/^\s*#/.test(l)) prompts++;
        return fences === 0 && prompts >= 2 ? 1.2 : 0;
      }
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
  // A transcript without fences is one block of prompts and outputs.
  const rst = lines.some((l) => FENCE.test(l)) ? [] : rstLiterals(lines);
  const blocks = lines.some((l) => FENCE.test(l)) ? findBlocks(lines, out) : rst.length >= 2 ? rst : [{ start: 1, lines: [...lines], label: null }];
  const unparsed: RawDiagnostic[] = [];
  let pending: string | undefined;
  for (const block of blocks) {
    const nonEmpty = block.lines.filter((l) => l.trim() !== '');
    const looksLikeCommand = nonEmpty.length === 1 && COMMAND_WORD.test(nonEmpty[0] ?? '');
    if (block.label === 'command' || (block.label === null && looksLikeCommand && !PROMPT.test(nonEmpty[0] ?? ''))) {
      pending = nonEmpty.map((l) => l.trim().replace(/^\$\s+/, '')).join(' ');
      if (COMMAND_IS_EVIDENCE.test(pending)) commandEvidence(block.lines, block.start, pending, dispatch, out);
      continue;
    }
    // A block may hold prompts followed by their outputs.
    const segments = splitPrompts(block, pending);
    pending = undefined;
    for (const seg of segments) {
      if (seg.commandLines && seg.command !== undefined && COMMAND_IS_EVIDENCE.test(seg.command)) commandEvidence(seg.commandLines, seg.commandStart ?? seg.start, seg.command, dispatch, out);
      readSegment(seg, dispatch, out, unparsed);
    }
  }
  onlySource(out, unparsed);
  return out;
}

/** Reads a command line (and its `\\` continuations) as evidence of its own, at its lines. */
function commandEvidence(lines: readonly string[], start: number, command: string, dispatch: Dispatch, out: ParseResult): void {
  const res = dispatch(lines, { command });
  if (!res) return;
  for (const o of res.observations) out.observations.push({ ...o, line: o.line + start - 1, kind: o.kind ?? res.kind });
  for (const d of res.diagnostics) out.diagnostics.push({ ...d, line: d.line === null ? start : d.line + start - 1 });
}

/**
 * One block of a write-up (a fenced block, or a prompt's output) handed to the
 * parser of its kind. Write-ups quote partial snippets all the time, so a block
 * that does not parse is a note (addBlock).
 */
function readSegment(seg: Segment, dispatch: Dispatch, out: ParseResult, unparsed: RawDiagnostic[]): void {
  if (seg.lines.every((l) => l.trim() === '')) return;
  const res = dispatch(seg.lines, { ...(seg.command === undefined ? {} : { command: seg.command }), ...(seg.host ? { host: seg.host } : {}) });
  if (!res) {
    out.diagnostics.push({
      level: 'skipped',
      line: seg.start,
      message: `output${seg.command ? ` of \`${seg.command}\`` : ''} is not evidence of any known kind`,
    });
    return;
  }
  addBlock(res, (line) => (line === null ? seg.start : line + seg.start - 1), `block at line ${seg.start}`, out, unparsed);
}

/**
 * A block's result into its container's (a write-up's fenced block, a script's heredoc),
 * at the container's lines. A block with anything it could not read gives no facts (what
 * it gives could be partial); the rest of the container stands. One that does not parse
 * is a note, kept in `unparsed` for onlySource; a value that parses but is invalid stays
 * an error.
 */
export function addBlock(
  res: ParseResult & { kind: string; title?: string },
  at: (line: number | null) => number,
  where: string,
  out: ParseResult,
  unparsed: RawDiagnostic[],
): void {
  if (res.diagnostics.some((d) => d.level === 'error')) {
    for (const d of res.diagnostics) {
      if (d.level !== 'error') out.diagnostics.push({ ...d, line: at(d.line) });
      else if (d.syntax) {
        const note = { ...d, level: 'warning' as const, line: at(d.line), message: `${where} skipped: looks like ${res.title ?? res.kind}, but ${d.message}`, contained: true };
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
export function onlySource(out: ParseResult, unparsed: readonly RawDiagnostic[]): void {
  if (out.observations.length > 0) return;
  for (const note of unparsed) {
    note.level = 'error';
    note.message = `${note.message} (nothing else in this file is evidence)`;
  }
}

function findBlocks(lines: readonly string[], out: ParseResult): Block[] {
  const blocks: Block[] = [];
  let open: { fence: string; start: number; label: Block['label']; indent: number } | null = null;
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
        // A fence indented inside a list item: its content is indented as much (CommonMark 4.5).
        const lead = /^ */.exec(line)?.[0].length ?? 0;
        body.push(line.slice(Math.min(lead, open.indent)));
      }
      return;
    }
    if (m) {
      const recent = prose.slice(-3).join(' ');
      const label = /\boutput\b|\bresult\b/i.test(recent) ? 'output' : /\bcommand\b|\brun\b/i.test(recent) ? 'command' : null;
      open = { fence: m[1] ?? '```', start: i + 2, label, indent: /^ */.exec(line)?.[0].length ?? 0 };
      prose = [];
      return;
    }
    // A command written as a heading or a line of its own: `# $ sudo kubeadm init --pod-network-cidr ...`.
    const cmd = /^\s{0,3}(?:#{1,6}\s+)?\$\s+(\S.*)$/.exec(line);
    if (cmd && COMMAND_WORD.test(`${cmd[1] ?? ''} `)) {
      blocks.push({ start: i + 1, lines: [cmd[1] ?? ''], label: 'command' });
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

/** reStructuredText literal blocks: after a paragraph ending in `::` and a blank line, the lines indented more than it. */
function rstLiterals(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  const indent = (l: string): number => /^[ \t]*/.exec(l)?.[0].replace(/\t/g, '        ').length ?? 0;
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i] ?? '';
    if (!/::\s*$/.test(head) || /^\s*\.\./.test(head)) continue;
    let j = i + 1;
    if ((lines[j] ?? 'x').trim() !== '') continue;
    while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
    const base = indent(head);
    const start = j;
    let end = j;
    for (; end < lines.length; end++) {
      const l = lines[end] ?? '';
      if (l.trim() !== '' && indent(l) <= base) break;
    }
    while (end > start && (lines[end - 1] ?? '').trim() === '') end--;
    if (end === start) continue;
    const body = lines.slice(start, end);
    const common = Math.min(...body.filter((l) => l.trim() !== '').map(indent));
    const prose = lines.slice(Math.max(0, i - 2), i + 1).join(' ');
    const label = /\boutput\b|\bresult\b/i.test(prose) ? 'output' : /\bcommand\b/i.test(prose) ? 'command' : null;
    blocks.push({ start: start + 1, lines: body.map((l) => l.replace(/\t/g, '        ').slice(common)), label });
    i = end - 1;
  }
  return blocks;
}

interface Segment {
  start: number;
  lines: string[];
  command?: string;
  host?: string;
  /** The prompt line and its `\\` continuations, with the prompt taken off, from commandStart. */
  commandLines?: string[];
  commandStart?: number;
}

function splitPrompts(block: Block, command: string | undefined): Segment[] {
  const segs: Segment[] = [];
  let cur: Segment = { start: block.start, lines: [], ...(command ? { command } : {}) };
  let continuing = false;
  block.lines.forEach((line, i) => {
    if (continuing) {
      // `$ sudo kubeadm init \` then `  --pod-network-cidr=...`: one command over several lines.
      cur.commandLines?.push(line);
      cur.command = `${cur.command ?? ''} ${line.trim()}`;
      cur.start = block.start + i + 1;
      continuing = /\\$/.test(line);
      return;
    }
    const p = PROMPT.exec(line);
    if (p) {
      if (cur.lines.length > 0 || cur.commandLines) segs.push(cur);
      // `root@node01:~# sysctl ...`, `node01 ~ ➜  ip a`: the prompt names the host the output is from.
      const host = PROMPT_HOST.exec(line)?.[1] ?? PROMPT_HOST_FIRST.exec(line)?.[1];
      const text = (p[1] ?? '').trim();
      cur = { start: block.start + i + 1, lines: [], command: text, ...(host ? { host } : {}), commandLines: [text], commandStart: block.start + i };
      continuing = /\\$/.test(line);
      return;
    }
    cur.lines.push(line);
  });
  if (cur.lines.length > 0 || cur.commandLines) segs.push(cur);
  return segs;
}
