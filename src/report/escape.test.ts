/** Escaping: GitHub workflow commands (as @actions/core escapes), XML, Markdown. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ghData, ghProperty, md, mdCode, xml, xmlAttr } from './escape.js';

const gh: [string, string, string][] = [
  // input, escapeData, escapeProperty (actions/toolkit packages/core/src/command.ts)
  ['plain text', 'plain text', 'plain text'],
  ['100% done', '100%25 done', '100%25 done'],
  ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
  ['KN101: a, b', 'KN101: a, b', 'KN101%3A a%2C b'],
  ['%0A literal', '%250A literal', '%250A literal'],
  ['C:\\path,x', 'C:\\path,x', 'C%3A\\path%2Cx'],
  ['::error::injected', '::error::injected', '%3A%3Aerror%3A%3Ainjected'],
];

for (const [input, data, prop] of gh) {
  test(`GitHub escaping of ${JSON.stringify(input)}`, () => {
    assert.is(ghData(input), data);
    assert.is(ghProperty(input), prop);
  });
}

test('XML: the five entities, control characters replaced, line breaks kept in attributes', () => {
  assert.is(xml(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  assert.is(xml('esc\x1b[31mred\x1b[0m\x00'), 'esc\uFFFD[31mred\uFFFD[0m\uFFFD');
  assert.is(xml('tab\tand\nnewline'), 'tab\tand\nnewline');
  assert.is(xmlAttr('a\nb\r\tc'), 'a&#10;b&#13;&#9;c');
  assert.is(xml('lone \uD800 surrogate, pair \uD83D\uDE00'), 'lone \uFFFD surrogate, pair \uD83D\uDE00');
});

test('Markdown: evidence text cannot open HTML, emphasis, links or tables', () => {
  assert.is(md('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.is(md('a|b *c* _d_ [e](f) `g` #h'), 'a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` \\#h');
  assert.is(md('two\nlines'), 'two lines');
  assert.is(mdCode('plain'), '`plain`');
  assert.is(mdCode('has `ticks` in'), '``has `ticks` in``');
  assert.is(mdCode('`edge'), '`` `edge ``');
});

test.run();
