/**
 * `calicoctl get ippool` / `calicoctl get ippool -o wide` tables (projectcalico/calico
 * calicoctl/calicoctl/resourcemgr/ippool.go, v3.28: the wide columns are
 * NAME, CIDR, NAT, IPIPMODE, VXLANMODE, DISABLED, DISABLEBGPEXPORT, SELECTOR; the plain
 * table NAME, CIDR, SELECTOR; calicoctl 3.0-3.6 printed NAME, CIDR, NAT, IPIPMODE,
 * DISABLED without VXLANMODE):
 *
 *   NAME                  CIDR             NAT    IPIPMODE   VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR
 *   default-ipv4-ippool   192.168.0.0/16   true   Always     Never       false      false              all()
 *
 * A wide row is read as the IPPool it prints (../objects/cni/calico-ippool.ts), the
 * block size being the resource's default (26 / 122, marked inferred). The plain
 * table does not show the encapsulation, which is then left unknown.
 */
import { CALICO_BLOCK_DEFAULT, CALICO_BLOCK_RANGE, calicoIPPoolHandler } from '../objects/cni/calico-ippool.js';
import type { ObjectSite } from '../objects/types.js';
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { addClaim, addPool, readBool } from './cni-common.js';
import { emptyResult } from './common.js';
import { findTables } from './kubectl-table.js';

const REQUIRED = ['NAME', 'CIDR'] as const;
const KNOWN = new Set(['NAME', 'CIDR', 'NAT', 'IPIPMODE', 'VXLANMODE', 'DISABLED', 'DISABLEBGPEXPORT', 'SELECTOR', 'BLOCKSIZE']);

export const calicoctlIPPoolTable: Parser = {
  kind: 'calicoctl-ippool-table',
  title: 'calicoctl get ippool table',
  detect(lines) {
    // Only calicoctl's own columns: other tables with a CIDR column (kubectl get servicecidrs) are not pools.
    const t = findTables(lines, REQUIRED).filter((x) => x.columns.every((c) => KNOWN.has(c)) && (x.columns.includes('SELECTOR') || x.columns.includes('IPIPMODE')));
    return t.length > 0 ? 0.95 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    for (const table of findTables(lines, REQUIRED)) {
      if (!table.columns.every((c) => KNOWN.has(c))) continue;
      const col = (row: string[], name: string): string | undefined => {
        const i = table.columns.indexOf(name);
        return i < 0 ? undefined : row[i];
      };
      const wide = table.columns.includes('IPIPMODE');
      for (const row of table.rows) {
        // The selector (`all()`, `!has(edge)`) may hold spaces: it is the rest of the row.
        const cells = row.cells.length > table.columns.length && table.columns[table.columns.length - 1] === 'SELECTOR' ? [...row.cells.slice(0, table.columns.length - 1), row.cells.slice(table.columns.length - 1).join(' ')] : row.cells;
        if (cells.length < table.columns.length - (table.columns.includes('SELECTOR') ? 1 : 0)) {
          out.diagnostics.push({ level: 'warning', line: row.line, message: `IPPool row has ${cells.length} columns, the header ${table.columns.length} (${table.columns.join(' ')}): truncated row skipped` });
          continue;
        }
        const name = col(cells, 'NAME') ?? '';
        const cidr = col(cells, 'CIDR') ?? '';
        if (wide) {
          const spec: Record<string, unknown> = { cidr };
          const ipip = col(cells, 'IPIPMODE');
          const vxlan = col(cells, 'VXLANMODE');
          const disabled = col(cells, 'DISABLED');
          const nat = col(cells, 'NAT');
          if (ipip !== undefined) spec.ipipMode = ipip;
          if (vxlan !== undefined) spec.vxlanMode = vxlan;
          if (disabled !== undefined) spec.disabled = readBool(disabled) ?? disabled;
          if (nat !== undefined) spec.natOutgoing = readBool(nat) ?? nat;
          const site: ObjectSite = { line: () => row.line, excerpt: (l) => excerpt(lines[l - 1] ?? ''), text: () => null };
          calicoIPPoolHandler.extract({ apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name }, spec }, site, out);
          continue;
        }
        addClaim(out, { type: 'cni', name: 'calico' }, row.line, row.text);
        const family = addPool(
          out,
          { name, cidr, blockSize: null, defaultBlockSize: CALICO_BLOCK_DEFAULT, blockSizeRange: CALICO_BLOCK_RANGE, encapsulation: null, disabled: false },
          row.line,
          row.text,
          `IPPool ${name}`,
        );
        if (family !== null) addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'pool' }, row.line, row.text, true);
      }
    }
    return out;
  },
};
