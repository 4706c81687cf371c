/**
 * The output formats by name, and each one's renderer loaded on demand: a
 * `check` that prints text does not load the HTML, SARIF or JUnit writers
 * (part of keeping cold start close to Node's own). ./formats.ts holds them
 * all, loaded, for the library API and the tests.
 */
import type { Report } from './model.js';
import type { RenderOptions } from './render.js';

export type Renderer = (report: Report, opts: RenderOptions) => string;

export const FORMAT_NAMES = ['text', 'json', 'junit', 'sarif', 'github', 'markdown', 'html', 'codequality'] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormat(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** The renderer of one format, its module loaded on first use. */
export async function loadRenderer(format: FormatName): Promise<Renderer> {
  switch (format) {
    case 'text':
      return (await import('./text.js')).renderText;
    case 'json': {
      const { renderJSON } = await import('./json.js');
      return (report) => renderJSON(report);
    }
    case 'junit':
      return (await import('./junit.js')).renderJUnit;
    case 'sarif':
      return (await import('./sarif.js')).renderSARIF;
    case 'github':
      return (await import('./github.js')).renderGitHub;
    case 'markdown':
      return (await import('./markdown.js')).renderMarkdown;
    case 'html':
      return (await import('./html.js')).renderHTML;
    case 'codequality':
      return (await import('./codequality.js')).renderCodeQuality;
  }
}
