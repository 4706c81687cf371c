/**
 * Every output format behind one interface: a pure function from the report
 * to the text of the output. Only the CLI writes it to stdout or a file.
 */
import { renderCodeQuality } from './codequality.js';
import { renderGitHub } from './github.js';
import { renderHTML } from './html.js';
import { renderJSON } from './json.js';
import { renderJUnit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { FormatName, Renderer } from './format-names.js';
import type { Report } from './model.js';
import type { RenderOptions } from './render.js';
import { renderSARIF } from './sarif.js';
import { renderText } from './text.js';

export { FORMAT_NAMES, isFormat, loadRenderer, type FormatName, type Renderer } from './format-names.js';

export const FORMATS = {
  text: renderText,
  json: (report) => renderJSON(report),
  junit: renderJUnit,
  sarif: renderSARIF,
  github: renderGitHub,
  markdown: renderMarkdown,
  html: renderHTML,
  codequality: renderCodeQuality,
} as const satisfies Record<FormatName, Renderer>;

export function render(format: FormatName, report: Report, opts: RenderOptions = {}): string {
  const fn: Renderer = FORMATS[format];
  return fn(report, opts);
}
