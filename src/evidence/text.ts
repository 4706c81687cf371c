/**
 * Text clean-up shared by every parser: byte-order marks, CRLF and lone CR
 * line ends, ANSI colour and cursor sequences, and tabs are removed or
 * normalised while keeping line numbers exactly as in the file.
 */

// CSI sequences (colours, cursor moves) and OSC sequences (terminal titles, hyperlinks).
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function splitLines(text: string): string[] {
  let t = text;
  if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
  const lines = t.split(/\r\n|\r|\n/);
  // A trailing newline does not start another line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map(cleanLine);
}

export function cleanLine(line: string): string {
  return line.replace(ANSI, '').replace(/\t/g, '    ').replace(/\s+$/, '');
}

/**
 * Secrets that pass through evidence: kubeadm bootstrap tokens
 * (`abcdef.0123456789abcdef`), certificate keys (64 hex digits), and values of
 * keys that name a secret. They are never copied into facts or reports.
 */
const SECRETS: readonly [RegExp, string][] = [
  [/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g, '<redacted token>'],
  [/\b[0-9a-f]{64}\b/gi, '<redacted key>'],
  [/((?:token|certificate-?key|certificateKey|password|secret|client-key-data|client-certificate-data)["']?\s*[:=]\s*["']?)[^\s"',]+/gi, '$1<redacted>'],
];

export function redact(text: string): string {
  let t = text;
  for (const [re, replacement] of SECRETS) t = t.replace(re, replacement);
  return t;
}

/** A short single-line excerpt for reports, with secrets redacted. */
export function excerpt(line: string, max = 200): string {
  const t = redact(line.trim());
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
