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

/** A short single-line excerpt for reports. */
export function excerpt(line: string, max = 200): string {
  const t = line.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
