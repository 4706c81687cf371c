import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detect, PARSERS } from '../registry.js';
import { splitLines } from '../text.js';
import { calicoctlIPPoolTable } from './calicoctl-ippool-table.js';

// calicoctl v3.28 `get ippool -o wide` on a dual-stack cluster.
const WIDE = `NAME                  CIDR                      NAT    IPIPMODE      VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR
default-ipv4-ippool   192.168.0.0/16            true   CrossSubnet   Never       false      false              all()
default-ipv6-ippool   fd5f:c11a:1b7e::/48       false  Never         Never       false      false              all()
old-pool              10.48.0.0/16              true   Never         Always      true       false              !has(edge) && all()
`;

const pools = (text: string) =>
  calicoctlIPPoolTable.parse(splitLines(text), {}).observations.flatMap((o) => (o.claim.type === 'ipPool' ? [[o.line, o.claim.name, o.claim.cidr, o.claim.blockSize, o.claim.encapsulation, o.claim.disabled]] : []));

test('-o wide: each row is an IPPool with its encapsulation; the block size is the default', () => {
  assert.equal(pools(WIDE), [
    [2, 'default-ipv4-ippool', '192.168.0.0/16', 26, 'ipip', false],
    [3, 'default-ipv6-ippool', 'fd5f:c11a:1b7e::/48', 122, 'none', false],
    [4, 'old-pool', '10.48.0.0/16', 26, 'vxlan', true],
  ]);
  const res = calicoctlIPPoolTable.parse(splitLines(WIDE), {});
  const enc = res.observations.filter((o) => o.claim.type === 'cniSetting' && o.claim.field === 'encapsulation').map((o) => [o.line, o.claim.type === 'cniSetting' ? o.claim.value : '', o.inferred === true]);
  assert.equal(enc, [
    [2, 'ipip', false],
    [3, 'none', false],
  ]);
  assert.is(detect(PARSERS, splitLines(WIDE), {})?.kind, 'calicoctl-ippool-table');
});

test('older calicoctl (no VXLANMODE) and the plain table (no encapsulation shown, left unknown)', () => {
  assert.equal(pools('NAME                  CIDR             NAT    IPIPMODE   DISABLED\ndefault-ipv4-ippool   192.168.0.0/16   true   Always     false\n'), [[2, 'default-ipv4-ippool', '192.168.0.0/16', 26, 'ipip', false]]);
  const plain = 'NAME                  CIDR             SELECTOR\r\ndefault-ipv4-ippool   10.244.0.0/16    all()\r\n';
  assert.equal(pools(plain), [[2, 'default-ipv4-ippool', '10.244.0.0/16', 26, null, false]]);
  assert.not.ok(calicoctlIPPoolTable.parse(splitLines(plain), {}).observations.some((o) => o.claim.type === 'cniSetting' && o.claim.field === 'encapsulation'));
});

test('bad rows: a bad range or mode is an error at its row, a truncated row a warning', () => {
  const res = calicoctlIPPoolTable.parse(splitLines(`${WIDE.split('\n')[0]}\np1   192.168.0.0/33   true   Always   Never   false   false   all()\np2   10.0.0.0/16   true   Sometimes   Never   false   false   all()\np3   10.1.0.0/16   true\n`), {});
  assert.equal(
    res.diagnostics.map((d) => [d.level, d.line]),
    [
      ['error', 2],
      ['error', 3],
      ['warning', 4],
    ],
  );
});

test('ANSI colour is read the same; other tables with a CIDR column are not pools', () => {
  assert.equal(pools(WIDE.replace('default-ipv4-ippool', '\x1b[1mdefault-ipv4-ippool\x1b[0m')), pools(WIDE));
  assert.is(calicoctlIPPoolTable.detect(splitLines('NAME         CIDRS          AGE\nkubernetes   10.96.0.0/12   5d\n'), {}), 0);
});

test('never throws, lines in range (property)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), fc.nat(), (junk, at) => {
      const i = at % (WIDE.length + 1);
      const lines = splitLines(WIDE.slice(0, i) + junk + WIDE.slice(i));
      const res = calicoctlIPPoolTable.parse(lines, {});
      for (const o of [...res.observations, ...res.diagnostics]) assert.ok(o.line === null || (o.line >= 1 && o.line <= lines.length));
    }),
  );
});

test.run();
