/**
 * The catalogue of hostile and broken inputs (issue: never crash, never lie,
 * never lose anything). Each case builds its input in a fresh folder, runs the
 * real CLI, and states the outcome: the exit code, one clear message naming
 * the file (and line where there is one) and what was expected, and never a
 * stack trace. Limits are shown to hold by the error they produce, not by time.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo, runCli } from '../helpers.js';

interface Case {
  name: string;
  /** Creates the input under `dir`; returns the CLI arguments. */
  setup(dir: string): string[] | Promise<string[]>;
  stdin?: string | Buffer;
  code: number;
  /** Matched against stderr (exit 2) or stdout (exit 0/1). */
  expect?: RegExp;
  /** For exit 2: the message names this (file[:line]). */
  names?: (dir: string) => string;
}

const seed = readFileSync(repo('examples', 'lab-seed.md'), 'utf8');
const DS_HEADER = 'NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE';
const NODES_HEADER = 'NAME     STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION    CONTAINER-RUNTIME';

const file = (name: string, content: string | Buffer, args: string[] = []) => (dir: string): string[] => {
  writeFileSync(join(dir, name), content);
  return ['check', join(dir, name), ...args];
};
const flagLine = (cidr: string): string => `    - --service-cluster-ip-range=${cidr}\n`;
const nested = (depth: number, open: string, close: string, leaf: string): string => open.repeat(depth) + leaf + close.repeat(depth);

const CASES: Case[] = [
  // Not text, not evidence.
  { name: 'empty file', setup: file('empty.txt', ''), code: 2, expect: /empty file: expected command output/, names: (d) => join(d, 'empty.txt') },
  { name: 'whitespace only', setup: file('blank.txt', '\n\n   \r\n\t\n'), code: 2, expect: /empty file/ },
  { name: 'binary data', setup: file('core.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0])), code: 2, expect: /binary data \(NUL bytes\)/ },
  { name: 'PNG image', setup: file('map.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')), code: 2, expect: /binary data/ },
  { name: 'invalid UTF-8', setup: file('latin1.log', Buffer.from('I1231 10:16:50.420139 1 server.go:1] caf\xe9 \xff\xfe', 'latin1')), code: 2, expect: /not valid UTF-8 text/ },
  { name: 'a shopping list', setup: file('notes.txt', 'eggs\nmilk\n'), code: 2, expect: /not evidence of any known kind: expected/ },
  { name: 'prose-only markdown', setup: file('notes.md', '# Notes\n\nThe pod range is 10.244.0.0/16.\n'), code: 2, expect: /not evidence of any known kind/ },
  { name: 'a missing path', setup: (d) => ['check', join(d, 'nope.txt')], code: 2, expect: /nope\.txt: cannot read: no such file or folder/ },
  { name: 'a character device', setup: () => ['check', '/dev/null'], code: 2, expect: /\/dev\/null: not a regular file or folder/ },
  {
    name: 'a unix socket',
    setup: async (d) => {
      const path = join(d, 'sock');
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(path, resolve));
      server.close();
      return ['check', path];
    },
    code: 2,
    expect: /not a regular file or folder|cannot read/,
  },
  { name: 'empty stdin', setup: () => ['check', '-'], stdin: '', code: 2, expect: /^kube-netcheck: -: empty file/ },
  { name: 'binary stdin', setup: () => ['check', '-'], stdin: Buffer.from([0, 0, 0, 1]), code: 2, expect: /-: not evidence: binary data/ },
  { name: 'stdin twice', setup: () => ['check', '-', '-'], code: 2, expect: /given more than once/ },
  { name: 'an empty folder', setup: (d) => ['check', d], code: 2, expect: /no evidence in this folder \(it holds no files\)/ },
  {
    // OPA's wasm keeps to_number("04") as the text 04, which its JavaScript builtins cannot read back (it was exit 3).
    name: 'versions and sysctl values with leading zeros',
    setup: (d) => {
      writeFileSync(join(d, 'nodes.txt'), `${NODES_HEADER}\nnode01   Ready    <none>   41d   v1.031.04   10.0.0.8      <none>        Ubuntu 22.04.4 LTS   05.015.0-1071     containerd://1.7.24\n`);
      writeFileSync(join(d, 'kube-proxy.log'), 'I1231 10:16:50.420139       1 server_linux.go:66] "Using userspace Proxier"\n');
      writeFileSync(join(d, 'sysctl.txt'), 'net.netfilter.nf_conntrack_max = 0131072\n');
      return ['check', d];
    },
    code: 1,
    expect: /userspace mode, which Kubernetes removed in 1\.26: it does not start on kubelet version v1\.31 /,
  },
  {
    name: 'a folder of 2,000 irrelevant files',
    setup: (d) => {
      for (let i = 0; i < 2000; i++) writeFileSync(join(d, `note-${i}.txt`), `note ${i}\n`);
      return ['check', d];
    },
    code: 2,
    expect: /no evidence in this folder \(2000 files read, none of a known kind/,
  },
  {
    name: '2,000 irrelevant files and the seed: skipped and counted, the seed read',
    setup: (d) => {
      for (let i = 0; i < 2000; i++) writeFileSync(join(d, `note-${i}.txt`), `note ${i}\n`);
      writeFileSync(join(d, 'lab.md'), seed);
      return ['check', d, '--allow-unknown'];
    },
    code: 0,
    expect: /2006 items skipped as not evidence/,
  },
  {
    name: 'a symbolic link loop in a folder',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      symlinkSync(d, join(d, 'loop'));
      return ['check', d, '--allow-unknown', '-v'];
    },
    code: 0,
    expect: /warning: .*loop: folder skipped: symbolic link loop/,
  },
  {
    name: 'a broken symbolic link in a folder',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      symlinkSync(join(d, 'gone'), join(d, 'dangling'));
      return ['check', d, '--allow-unknown'];
    },
    code: 0,
    expect: /warning: .*dangling: skipped: broken symbolic link/,
  },
  {
    name: 'a broken symbolic link named directly',
    setup: (d) => {
      symlinkSync(join(d, 'gone'), join(d, 'dangling'));
      return ['check', join(d, 'dangling')];
    },
    code: 2,
    expect: /dangling: cannot read: no such file or folder/,
  },
  {
    name: 'the same file twice is read once',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      return ['check', join(d, 'lab.md'), d, '--allow-unknown'];
    },
    code: 0,
    expect: /warning: .*lab\.md: given more than once: read once/,
  },
  {
    name: 'an unreadable file in a folder (as root, permissions do not stop reads: the file is read)',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      writeFileSync(join(d, 'secret.txt'), 'x');
      chmodSync(join(d, 'secret.txt'), 0);
      return ['check', d, '--allow-unknown'];
    },
    code: 0,
    expect: /PASSED/,
  },
  // Sizes and nesting.
  { name: 'a file over --max-file-size', setup: file('big.log', 'x'.repeat(5000), ['--max-file-size', '4k']), code: 2, expect: /big\.log: file is 5000 bytes, over the limit of 4096 bytes for one evidence file \(raise it with --max-file-size\)/ },
  {
    name: 'an oversized file inside a folder: the rest is judged, the file is an error finding',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      writeFileSync(join(d, 'huge.log'), 'y'.repeat(9000));
      return ['check', d, '--max-file-size', '8k'];
    },
    code: 1,
    expect: /Read 1 evidence file \(markdown-runbook\): 12 observations; could not read 1 input[\s\S]*ERROR +KN900 +Every evidence file must be readable\n  .*huge\.log: file is 9000 bytes, over the limit of 8192 bytes/,
  },
  {
    name: 'a folder whose every file is over --max-file-size says so',
    setup: (d) => {
      writeFileSync(join(d, 'a.log'), 'y'.repeat(9000));
      writeFileSync(join(d, 'b.log'), 'y'.repeat(9000));
      return ['check', d, '--max-file-size', '8k'];
    },
    code: 2,
    expect: /no evidence in this folder \(2 files over the limit of 8192 bytes \(--max-file-size\); --verbose lists them\)/,
  },
  { name: '--max-file-size 0 is refused', setup: file('x.md', seed, ['--max-file-size', '0']), code: 2, expect: /--max-file-size 0: expected at least 1 byte/ },
  // Hidden files: not read inside a folder, but counted and listed; read when named.
  {
    name: 'a folder holding only a hidden file says so',
    setup: (d) => {
      writeFileSync(join(d, '.proxy.log'), 'I1231 10:16:50.420139       1 server.go:1] Using userspace Proxier.\n');
      return ['check', d];
    },
    code: 2,
    expect: /no evidence in this folder \(1 hidden file or folder not read \(\.proxy\.log: name a hidden file to read it\); --verbose lists them\)/,
  },
  {
    name: 'hidden files and folders in a folder are counted, and listed by --verbose',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      writeFileSync(join(d, '.proxy.log'), 'I1231 10:16:50.420139       1 server.go:1] Using userspace Proxier.\n');
      mkdirSync(join(d, '.git'));
      return ['check', d, '--allow-unknown', '-v'];
    },
    code: 0,
    expect: /skipped: .*\.git: hidden \(the name starts with a dot\): not read inside a folder; name it to read it\nskipped: .*\.proxy\.log: hidden/,
  },
  {
    name: 'a hidden file named directly is read',
    setup: (d) => {
      writeFileSync(join(d, '.proxy.log'), 'I1231 10:16:50.420139       1 server.go:1] Using userspace Proxier.\n');
      return ['check', join(d, '.proxy.log')];
    },
    code: 1,
    expect: /KN301 .*\n  kube-proxy runs in userspace mode/,
  },
  // Text encodings: UTF-16 (Windows PowerShell's `>` redirect) is decoded.
  {
    name: 'UTF-16LE with a byte-order mark (PowerShell >) is read',
    setup: (d) => {
      writeFileSync(join(d, 'kube-proxy.log'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('I1231 10:16:50.420139       1 server_linux.go:66] "Using ipvs Proxier"\r\n', 'utf16le')]));
      return ['facts', join(d, 'kube-proxy.log')];
    },
    code: 0,
    expect: /"mode": "ipvs"/,
  },
  {
    name: 'UTF-16BE with a byte-order mark is read',
    setup: (d) => {
      const body = Buffer.from('I1231 10:16:50.420139       1 server_linux.go:66] "Using nftables Proxier"\n', 'utf16le');
      body.swap16();
      writeFileSync(join(d, 'kube-proxy.log'), Buffer.concat([Buffer.from([0xfe, 0xff]), body]));
      return ['facts', join(d, 'kube-proxy.log')];
    },
    code: 0,
    expect: /"mode": "nftables"/,
  },
  {
    name: 'UTF-16LE without a byte-order mark is read',
    setup: (d) => {
      writeFileSync(join(d, 'kube-proxy.log'), Buffer.from('I1231 10:16:50.420139       1 server_linux.go:66] "Using iptables Proxier"\n', 'utf16le'));
      return ['facts', join(d, 'kube-proxy.log')];
    },
    code: 0,
    expect: /"mode": "iptables"/,
  },
  { name: 'a bad --max-file-size', setup: file('x.md', seed, ['--max-file-size', 'lots']), code: 2, expect: /--max-file-size lots: expected a size in bytes/ },
  { name: 'one 4 MB line with no newline', setup: file('line.txt', 'a'.repeat(4 << 20)), code: 2, expect: /not evidence of any known kind/ },
  { name: 'YAML nested 2,000 levels', setup: file('deep.yaml', `apiVersion: v1\nkind: ConfigMap\ndata: ${nested(2000, '[', ']', '1')}\n`), code: 2, expect: /deep\.yaml:3: refused: nested deeper than 64 levels|deep\.yaml:\d+: not valid YAML/ },
  { name: 'JSON nested 2,000 levels', setup: file('deep.json', `{"apiVersion": "v1",\n"kind": "ConfigMap",\n"data": ${nested(2000, '{"a":', '}', '1')}}\n`), code: 2, expect: /deep\.json:\d+: (refused: nested deeper than 64 levels|not valid YAML or JSON)/ },
  {
    name: 'a YAML alias bomb',
    setup: file(
      'bomb.yaml',
      ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefgh'.split('').map((c, i) => `  ${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n'),
    ),
    code: 2,
    expect: /bomb\.yaml:\d+: refused: .*alias/i,
  },
  // Truncated and malformed structure.
  { name: 'truncated JSON', setup: file('nodes.json', '{"apiVersion": "v1", "kind": "List",\n "items": [\n  {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"command": ["kube-apiserver", "--service-cluster-ip'), code: 2, expect: /nodes\.json:\d+: not valid YAML or JSON/ },
  { name: 'truncated YAML', setup: file('pod.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command:\n    - "kube-apiserver\n'), code: 2, expect: /pod\.yaml:\d+: not valid YAML or JSON/ },
  { name: 'duplicate keys', setup: file('dup.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n'), code: 2, expect: /dup\.yaml:5: not valid YAML or JSON: Map keys must be unique/ },
  // Addresses Kubernetes parses differently from a naive library.
  { name: 'prefix length 33', setup: file('f.txt', flagLine('10.0.0.0/33')), code: 2, expect: /f\.txt:1: --service-cluster-ip-range: "10\.0\.0\.0\/33": prefix length must be 0-32/ },
  { name: 'three-part IPv4 (ipaddr.js accepts it)', setup: file('f.txt', flagLine('10.0.0/8')), code: 2, expect: /f\.txt:1: .*"10\.0\.0\/8" is not an IPv4 address: expected four dot-separated decimal numbers/ },
  { name: 'octet over 255', setup: file('f.txt', flagLine('300.1.1.1/24')), code: 2, expect: /"300\.1\.1\.1\/24" is not an IPv4 address: 300 is greater than 255/ },
  { name: 'IPv6 with a zone', setup: file('f.txt', flagLine('fe80::1%eth0/64')), code: 2, expect: /has an IPv6 zone/ },
  { name: 'IPv4-mapped IPv6', setup: file('f.txt', flagLine('::ffff:10.0.0.0/104')), code: 2, expect: /IPv4-mapped IPv6 address: Kubernetes refuses these/ },
  { name: 'hex octets', setup: file('f.txt', flagLine('0x0a.0.0.0/8')), code: 2, expect: /"0x0a" is not a decimal number/ },
  { name: 'negative prefix', setup: file('f.txt', flagLine('10.0.0.0/-1')), code: 2, expect: /prefix length "-1" must be a number 0-32/ },
  { name: 'missing prefix', setup: file('f.txt', flagLine('10.96.0.0')), code: 2, expect: /expected ADDRESS\/PREFIX/ },
  { name: 'garbage in a dual-stack list', setup: file('f.txt', flagLine('10.96.0.0/12,banana')), code: 2, expect: /f\.txt:1: --service-cluster-ip-range: "banana" is not a CIDR: expected ADDRESS\/PREFIX/ },
  { name: 'a leading zero is read as decimal, with a warning', setup: file('f.txt', flagLine('010.96.0.0/12'), ['--allow-unknown']), code: 0, expect: /warning: .*f\.txt:1: .*leading zero in "010": Kubernetes reads it as decimal 10/ },
  { name: 'an impossible interface address', setup: file('ip.txt', '2: eth0: <UP> mtu 1500\n    inet 10.1.2.256/24 scope global eth0\n'), code: 2, expect: /ip\.txt:2: interface address 10\.1\.2\.256\/24: .*256 is greater than 255/ },
  { name: 'a bad kube-proxy node IP', setup: file('kp.log', 'I1231 10:16:50.589282       1 server.go:677] "Successfully retrieved node IP(s)" IPs=["192.8.33"]\n'), code: 2, expect: /kp\.log:1: kube-proxy node IP: "192\.8\.33" is not an IPv4 address/ },
  { name: 'a bad weave range', setup: file('weave.log', 'INFO: 2024/12/31 10:16:52.609239 Command line options: map[ipalloc-range:10.244.0.0/40 port:6783]\n'), code: 2, expect: /weave\.log:1: weave ipalloc-range: "10\.244\.0\.0\/40": prefix length must be 0-32/ },
  // Counts and tables.
  { name: 'non-numeric DaemonSet count', setup: file('ds.txt', `${DS_HEADER}\nkube-proxy   two       2         2       2            2           kubernetes.io/os=linux   54m\n`), code: 2, expect: /ds\.txt:2: DaemonSet kube-proxy: DESIRED "two": expected a non-negative whole number/ },
  { name: 'negative DaemonSet count', setup: file('ds.txt', `${DS_HEADER}\nweave-net    -1        2         2       2            2           <none>                   53m\n`), code: 2, expect: /ds\.txt:2: DaemonSet weave-net: DESIRED "-1": expected a non-negative whole number/ },
  { name: 'a row with too many columns', setup: file('ds.txt', `${DS_HEADER}\nkube-proxy   2   2   2   2   2   kubernetes.io/os=linux   54m   extra\n`), code: 2, expect: /ds\.txt:2: DaemonSet row has 9 columns, the header 8/ },
  { name: 'a truncated DaemonSet row is a warning, not a value', setup: file('ds.txt', `${DS_HEADER}\nkube-proxy   2         2         2       2            2           kubernetes.io/os=linux   54m\nweave-net    2         2\n`), code: 1, expect: /warning: .*ds\.txt:3: DaemonSet row has 3 columns, the header 8 .*truncated row skipped/ },
  { name: 'duplicate node names in one table', setup: file('nodes.txt', `${NODES_HEADER}\nnode01   Ready    <none>   1d    v1.31.0   10.0.0.1      <none>        Ubuntu 22.04.4 LTS   5.15.0-1071-gcp   containerd://1.6.26\nnode01   Ready    <none>   1d    v1.31.0   10.0.0.2      <none>        Ubuntu 22.04.4 LTS   5.15.0-1071-gcp   containerd://1.6.26\n`), code: 2, expect: /nodes\.txt:3: node node01 is listed twice in one table \(first at line 2\)/ },
  { name: 'a bad node InternalIP', setup: file('nodes.txt', `${NODES_HEADER}\nnode01   Ready    <none>   1d    v1.31.0   10.0.0.999    <none>        Ubuntu 22.04.4 LTS   5.15.0-1071-gcp   containerd://1.6.26\n`), code: 2, expect: /nodes\.txt:2: node node01 INTERNAL-IP: .*999 is greater than 255/ },
  // Folders that mix good and bad files: every input is read, what cannot be read gives no
  // facts and is an error finding naming it, everything else is judged as usual.
  {
    name: 'a truncated node list beside a write-up: the write-up judged, the list an error, no node counted from it',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      writeFileSync(join(d, 'nodes.json'), '{"apiVersion": "v1", "kind": "List", "items": [\n {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node01"}},\n {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "no');
      return ['check', d];
    },
    code: 1,
    expect: /KN900 +Every evidence file must be readable\n  .*nodes\.json:3:\d+: not valid YAML or JSON: .*: nothing from this file is judged[\s\S]*UNKNOWN +KN201 .*\n  DaemonSet kube-system\/kube-proxy DESIRED is 2, but no node list was given/,
  },
  {
    name: 'an invalid value beside good evidence is still an error naming the value',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      writeFileSync(join(d, 'kube-apiserver.txt'), flagLine('10.96.0.0/33'));
      return ['check', d, '--allow-unknown'];
    },
    code: 1,
    expect: /KN900 .*\n  .*kube-apiserver\.txt:1: --service-cluster-ip-range: "10\.96\.0\.0\/33": prefix length must be 0-32: nothing from this file is judged\n/,
  },
  {
    name: 'a file named directly that is not evidence, beside one that is: an error finding, the rest judged',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      writeFileSync(join(d, 'notes.txt'), 'eggs\nmilk\n');
      return ['check', join(d, 'lab.md'), join(d, 'notes.txt'), '--allow-unknown'];
    },
    code: 1,
    expect: /KN900 .*\n  .*notes\.txt: not evidence of any known kind: expected command output \(ip addr, kubectl get ds\/nodes\), a kube-proxy or weave-net log, kube-apiserver flags, or a markdown runbook\n/,
  },
  {
    name: 'git merge-conflict markers are named as such, and the rest of the file is read',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      writeFileSync(join(d, 'kube-controller-manager.txt'), '<<<<<<< HEAD\n    - --cluster-cidr=10.244.0.0/16\n=======\n    - --cluster-cidr=10.100.0.0/16\n>>>>>>> resize-pods\n    - --node-cidr-mask-size=24\n');
      return ['check', d, '-o', 'json'];
    },
    code: 1,
    expect: /"message": ".*kube-controller-manager\.txt:1:1: git merge-conflict markers \(<<<<<<< at line 1, >>>>>>> at line 5\): both versions skipped, the rest of the file is read \(expected a file with its merge resolved\)"/,
  },
  {
    name: 'a template placeholder is named as a template, not a value, and the rest of the file is read',
    setup: (d) => {
      writeFileSync(join(d, 'kube-proxy.yaml'), 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ${PROXY_MODE}\nclusterCIDR: 10.244.0.0/16\n');
      return ['facts', join(d, 'kube-proxy.yaml')];
    },
    code: 0,
    expect: /"clusterCIDR": \[\n\s+\{\n\s+"cidr": "10\.244\.0\.0\/16"[\s\S]*"level": "warning",[\s\S]*"message": "\$\{PROXY_MODE\} is a template placeholder, not a value: skipped/,
  },
  {
    name: 'a write-up quoting a YAML snippet that does not parse: a warning, the rest of it read',
    setup: file('lab.md', `${seed}\n**Output:**\n\n\`\`\`\napiVersion: v1\nkind: ConfigMap\ndata:\n  config.conf: |\n    mode: ipvs\n  broken: [\n\`\`\`\n`, ['--allow-unknown']),
    code: 0,
    expect: /warning: .*lab\.md:\d+: block at line \d+ skipped: looks like Kubernetes objects \(YAML or JSON\), but not valid YAML or JSON: [\s\S]*PASSED/,
  },
  {
    name: 'a write-up whose only block does not parse could not be read at all',
    setup: file('lab.md', '# kube-proxy\n\n**Output:**\n\n```\napiVersion: v1\nkind: ConfigMap\ndata: [\n```\n'),
    code: 2,
    expect: /lab\.md:\d+: block at line 6 skipped: looks like Kubernetes objects \(YAML or JSON\), but not valid YAML or JSON: .* \(nothing else in this file is evidence\)/,
  },
  {
    name: 'facts on partly readable evidence prints the document with its diagnostics and exits 1',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      writeFileSync(join(d, 'nodes.yaml'), 'apiVersion: v1\nkind: List\nitems:\n- kind: Node\n  metadata:\n    name: node01\n  name: node02\n  name: node03\n');
      return ['facts', d];
    },
    code: 1,
    expect: /"mode": "iptables"[\s\S]*"diagnostics": \[\n\s+\{\n\s+"level": "error",\n\s+"file": ".*nodes\.yaml",\n\s+"line": 8,\n\s+"column": 3,\n\s+"message": "not valid YAML or JSON: Map keys must be unique",\n\s+"withheld": true/,
  },
  {
    name: 'a facts document of partly readable evidence is judged again: KN900 fails the gate',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      writeFileSync(join(d, 'nodes.yaml'), 'apiVersion: v1\nkind: List\nitems: [\n');
      writeFileSync(join(d, 'facts.json'), runCli(['facts', join(d, 'lab.md'), join(d, 'nodes.yaml')]).stdout);
      return ['check', join(d, 'facts.json'), '--allow-unknown'];
    },
    code: 1,
    expect: /ERROR +KN900 .*\n  .*nodes\.yaml:\d+:\d+: not valid YAML or JSON: .*: nothing from this file is judged\n/,
  },
  {
    name: 'a shell script with a YAML heredoc beside a write-up: the heredoc read, not the script',
    setup: (d) => {
      writeFileSync(join(d, 'lab.md'), seed);
      writeFileSync(join(d, 'setup.sh'), "#!/usr/bin/env bash\nset -euo pipefail\ncat > /etc/kubernetes/kube-proxy.yaml <<'EOF'\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: iptables\nclusterCIDR: 10.244.0.0/16\nbindAddress: ${BIND_ADDRESS}\nEOF\nsystemctl restart kube-proxy\n");
      return ['check', d, '--allow-unknown'];
    },
    code: 0,
    expect: /Read 2 evidence files \(markdown-runbook, script\): 1[3-9] observations\.[\s\S]*PASSED/,
  },
  // Two clusters mixed in one folder: detected and reported, not merged silently.
  {
    name: 'evidence of two clusters mixed in one folder',
    setup: (d) => {
      mkdirSync(join(d, 'prod'));
      mkdirSync(join(d, 'staging'));
      writeFileSync(join(d, 'prod', 'lab.md'), seed);
      writeFileSync(join(d, 'staging', 'ds.txt'), `${DS_HEADER}\nkube-proxy   5         5         5       5            5           kubernetes.io/os=linux   3d\n`);
      return ['check', d, '-o', 'json'];
    },
    code: 1,
    expect: /"id": "KN901",[\s\S]*sources disagree on DaemonSet kube-system\/kube-proxy DESIRED: 2 \(.*prod\/lab\.md:87\) vs 5 \(.*staging\/ds\.txt:2\)/,
  },
  // Ugly but valid forms give the same facts as the clean seed.
  { name: 'the seed with CRLF, ANSI colours, a BOM and tabs', setup: file('lab.md', `\uFEFF${seed.replace(/\n/g, '\r\n').replace(/iptables/g, '\x1b[32miptables\x1b[0m').replace(/ {3}/g, '\t')}`, ['-o', 'json']), code: 1, expect: /"summary": \{\n\s+"error": 0,\n\s+"warning": 1,\n\s+"info": 0,\n\s+"unknown": 2/ },
  { name: 'an unclosed fence in a runbook is read to the end with a warning', setup: file('lab.md', seed.slice(0, seed.indexOf('#### Kube-Proxy Proxy Mode')) + '**Output:**\n```\nI1231 10:16:50.420139       1 server_linux.go:66] "Using iptables proxy"\n', ['--allow-unknown']), code: 0, expect: /warning: .*lab\.md:\d+: code block is never closed/ },
  // Facts documents.
  {
    name: 'a facts document that fails the schema names the pointer and its source',
    setup: (d) => {
      const r = runCli(['facts', 'examples/lab-broken']);
      const facts = JSON.parse(r.stdout);
      facts.networks.pod[0].family = 'IPv5';
      writeFileSync(join(d, 'facts.json'), JSON.stringify(facts));
      return ['check', join(d, 'facts.json')];
    },
    code: 2,
    expect: /facts\.json: facts document does not match schemas\/facts\.schema\.json: \/networks\/pod\/0\/family: must be equal to one of the allowed values: "IPv4", "IPv6" \(from examples\/lab-broken\/lab\.md:28\)/,
  },
  {
    name: 'a facts document that is not JSON',
    setup: file('facts.json', '{"schemaVersion": 1, "networks": {"pod": [\n'),
    code: 2,
    expect: /facts\.json(:\d+)?: facts document is not valid JSON/,
  },
  {
    name: 'a facts document mixed with evidence',
    setup: (d) => {
      writeFileSync(join(d, 'facts.json'), runCli(['facts', 'examples/lab-broken']).stdout);
      writeFileSync(join(d, 'lab.md'), seed);
      return ['check', join(d, 'facts.json'), join(d, 'lab.md')];
    },
    code: 2,
    expect: /a facts document .* is a whole cluster's facts: give it alone/,
  },
  // Usage.
  { name: 'no paths', setup: () => ['check'], code: 2, expect: /check: no evidence given/ },
  { name: 'an unknown flag', setup: () => ['check', 'examples/lab-seed.md', '--frobnicate'], code: 2, expect: /check: Unknown option '--frobnicate'/ },
  { name: 'an unknown format', setup: () => ['check', 'examples/lab-seed.md', '-o', 'yaml'], code: 2, expect: /--output yaml: unknown format "yaml"/ },
  { name: 'two formats on stdout', setup: () => ['check', 'examples/lab-seed.md', '-o', 'json', '-o', 'text'], code: 2, expect: /only one format can go to stdout/ },
  { name: 'an unknown --fail-on', setup: () => ['check', 'examples/lab-seed.md', '--fail-on', 'panic'], code: 2, expect: /--fail-on panic: expected error, warning, info or never/ },
  { name: 'an unknown proxy mode parameter', setup: () => ['check', 'examples/lab-seed.md', '--allow-proxy-mode', 'ebpf'], code: 2, expect: /policy parameters: parameters do not match schemas\/params\.schema\.json: \/allowedProxyModes\/0: must be equal to one of the allowed values/ },
  { name: 'an unknown command', setup: () => ['frobnicate'], code: 2, expect: /unknown command "frobnicate"/ },
];

for (const c of CASES) {
  test(c.name, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'knc-hostile-'));
    mkdirSync(dir, { recursive: true });
    const args = await c.setup(dir);
    const r = runCli(args, c.stdin === undefined ? {} : { input: c.stdin });
    const where = `exit ${r.code}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`;
    assert.is(r.code, c.code, where);
    assert.not.match(r.stderr, /\n\s+at .+:\d+:\d+/, `stack trace printed:\n${where}`);
    if (c.code === 2) {
      assert.is(r.stderr.trim().split('\n').length >= 1, true);
      assert.match(r.stderr, /^kube-netcheck: /, where);
      if (c.expect) assert.match(r.stderr, c.expect, where);
      if (c.names) assert.ok(r.stderr.includes(c.names(dir)), where);
    } else if (c.expect) {
      assert.match(r.stdout, c.expect, where);
    }
  });
}

test('the catalogue holds at least 50 cases', () => {
  assert.ok(CASES.length >= 50, `${CASES.length} cases`);
});

test.run();
