/** Escaping for the text formats that carry report data: XML/HTML, Markdown, GitHub workflow commands. */

/** Characters XML 1.0 cannot carry at all (C0 controls but tab, LF, CR; U+FFFE, U+FFFF; lone surrogates). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content and attribute values for XML and HTML; control characters become U+FFFD. */
export function xml(s: string): string {
  return s
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An attribute value that keeps its line breaks (XML normalises raw ones to spaces). */
export function xmlAttr(s: string): string {
  return xml(s).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Markdown text from evidence: HTML and Markdown punctuation made literal. */
export function md(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]{}|~#])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** An inline code span that holds any text: a fence longer than its longest backtick run. */
export function mdCode(s: string): string {
  const text = s.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Markdown written by the rule authors (remediation): kept as Markdown, raw HTML made literal. */
export function mdTrusted(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A workflow command's message: %, CR and LF escaped, as @actions/core escapeData does. */
export function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also : and , escaped, as @actions/core escapeProperty does. */
export function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
