/**
 * Documents inside scripts and infrastructure code, found at their true lines:
 * heredocs as people write them (piped to kind, written to /etc/rancher with
 * cat or sudo tee, <<-EOF indented with tabs, CRLF), Nix '' strings, cloud-init
 * write_files and Ansible copy content. Property: whatever surrounds a
 * document, its line i is the text's line firstLine + i - 1.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitLines } from '../text.js';
import { dedent, findEmbeddedDocs, withoutDocs } from './embedded-docs.js';

test('a kind config piped through a heredoc', () => {
  const lines = splitLines('#!/usr/bin/env bash\nset -o errexit\n\ncat <<EOF | kind create cluster --name "${CLUSTER}" --config=-\nkind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  podSubnet: 10.10.0.0/16\nEOF\n\nkubectl get nodes\n');
  const docs = findEmbeddedDocs(lines);
  assert.is(docs.length, 1);
  assert.equal(docs[0], {
    container: 'heredoc',
    openLine: 4,
    firstLine: 5,
    lines: ['kind: Cluster', 'apiVersion: kind.x-k8s.io/v1alpha4', 'networking:', '  podSubnet: 10.10.0.0/16'],
    command: 'cat <<EOF | kind create cluster --name "${CLUSTER}" --config=-',
    path: null,
    closed: true,
  });
});

test('quoted markers, sudo tee and cat > PATH name the file; CRLF line ends', () => {
  const text = "sudo mkdir -p /etc/rancher/k3s\r\nsudo tee /etc/rancher/k3s/config.yaml > /dev/null <<'EOF'\r\ncluster-cidr: 10.42.0.0/16\r\nEOF\r\ncat > \"/etc/rancher/rke2/config.yaml\" <<\"END\"\r\ncni: cilium\r\nEND\r\n";
  const docs = findEmbeddedDocs(splitLines(text));
  assert.equal(docs.map((d) => [d.path, d.firstLine, d.lines]), [
    ['/etc/rancher/k3s/config.yaml', 3, ['cluster-cidr: 10.42.0.0/16']],
    ['/etc/rancher/rke2/config.yaml', 6, ['cni: cilium']],
  ]);
});

test('<<-EOF inside an indented block: tabs before the lines and the marker are stripped', () => {
  const text = 'if [ "$X" = 1 ]; then\n\tcat <<-EOF > kind.yaml\n\t\tkind: Cluster\n\t\tapiVersion: kind.x-k8s.io/v1alpha4\n\t\tnetworking:\n\t\t  ipFamily: ipv6\n\tEOF\nfi\n';
  const [doc] = findEmbeddedDocs(splitLines(text));
  assert.ok(doc);
  assert.is(doc.path, 'kind.yaml');
  assert.is(doc.firstLine, 3);
  assert.equal(doc.lines, ['kind: Cluster', 'apiVersion: kind.x-k8s.io/v1alpha4', 'networking:', '  ipFamily: ipv6']);
  assert.ok(doc.closed);
});

test('a heredoc never closed runs to the end; a commented-out one and a here-string are not documents', () => {
  const docs = findEmbeddedDocs(splitLines('# cat <<EOF\nread -r x <<< "$y"\ncat <<EOF\nkind: Cluster\n'));
  assert.equal(docs.map((d) => [d.openLine, d.closed, d.lines]), [[3, false, ['kind: Cluster']]]);
});

test("a Nix module: the '' string, its escapes, and environment.etc's path", () => {
  const text = [
    '{ config, pkgs, ... }:',
    '{',
    '  environment.etc."rancher/k3s/config.yaml".text = \'\'',
    '    cluster-cidr: 10.42.0.0/16',
    "    node-label: [\"a=''${x}\"]",
    "  '';",
    '  services.k3s.extraFlags = toString [ "--disable traefik" ];',
    '}',
  ].join('\n');
  const [doc] = findEmbeddedDocs(splitLines(text), 'k3s.nix');
  assert.ok(doc);
  assert.equal([doc.container, doc.path, doc.firstLine, doc.lines], ['nix-string', '/etc/rancher/k3s/config.yaml', 4, ['cluster-cidr: 10.42.0.0/16', 'node-label: ["a=${x}"]']]);
  // Outside Nix, '' is an empty shell string.
  assert.equal(findEmbeddedDocs(splitLines("FOO=''\necho hi\n")), []);
});

test('cloud-init write_files and Ansible copy: content blocks with their path or dest', () => {
  const cloud = ['#cloud-config', 'write_files:', '  - path: /etc/rancher/rke2/config.yaml', '    permissions: "0600"', '    content: |', '      cni: calico', '      cluster-cidr: 10.60.0.0/16', '', 'runcmd:', '  - curl -sfL https://get.rke2.io | sh -'];
  const [c] = findEmbeddedDocs(cloud);
  assert.equal([c?.container, c?.path, c?.firstLine, c?.lines], ['yaml-block', '/etc/rancher/rke2/config.yaml', 6, ['cni: calico', 'cluster-cidr: 10.60.0.0/16']]);
  const ansible = ['- name: k3s config', '  ansible.builtin.copy:', '    content: |', '      flannel-backend: host-gw', '    dest: /etc/rancher/k3s/config.yaml', '    mode: "0644"'];
  const [a] = findEmbeddedDocs(ansible);
  assert.equal([a?.path, a?.firstLine, a?.lines], ['/etc/rancher/k3s/config.yaml', 4, ['flannel-backend: host-gw']]);
});

test('withoutDocs blanks each document and keeps the line count', () => {
  const lines = ['cat <<EOF', 'a: 1', 'EOF', 'k3s server --cluster-cidr 10.42.0.0/16'];
  assert.equal(withoutDocs(lines, findEmbeddedDocs(lines)), ['cat <<EOF', '', 'EOF', 'k3s server --cluster-cidr 10.42.0.0/16']);
});

test('dedent removes only the common indentation', () => {
  assert.equal(dedent(['    a:', '      b: 1', '', '    c: 2']), ['a:', '  b: 1', '', 'c: 2']);
});

// Property: documents keep their lines, whatever surrounds them and however they are wrapped.
const docLine = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}: [a-z0-9./:]{1,12}$/);
const noise = fc.stringMatching(/^[a-z #=$"./-]{0,30}$/).filter((s) => !s.includes('<<') && !s.includes("''"));
test('property: each document line is the text line firstLine + i - 1', () => {
  fc.assert(
    fc.property(
      fc.array(noise, { maxLength: 6 }),
      fc.array(fc.tuple(fc.constantFrom('heredoc', 'dash', 'block'), fc.array(docLine, { minLength: 1, maxLength: 6 }), fc.array(noise, { maxLength: 4 }), fc.nat({ max: 3 })), { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      (head, parts, crlf) => {
        const out: string[] = [...head.map((h) => `echo ${h}`)];
        const expected: { first: number; lines: string[] }[] = [];
        for (const [form, body, after, indent] of parts) {
          const pad = ' '.repeat(indent * 2);
          if (form === 'block') {
            out.push(`${pad}- path: /etc/x.yaml`, `${pad}  content: |`);
            expected.push({ first: out.length + 1, lines: body });
            // A block ends at the first line indented no deeper than its key.
            out.push(...body.map((b) => `${pad}    ${b}`), 'runcmd: []');
          } else {
            out.push(`${pad}cat ${form === 'dash' ? '<<-' : '<<'}EOF > /tmp/x.yaml`);
            expected.push({ first: out.length + 1, lines: body });
            out.push(...body.map((b) => (form === 'dash' ? `\t${b}` : b)), form === 'dash' ? '\tEOF' : 'EOF');
          }
          out.push(...after.map((a) => `echo ${a}`));
        }
        const lines = splitLines(out.join(crlf ? '\r\n' : '\n'));
        const docs = findEmbeddedDocs(lines);
        assert.is(docs.length, expected.length);
        docs.forEach((d, k) => {
          const e = expected[k]!;
          assert.is(d.firstLine, e.first);
          assert.equal(d.lines, e.lines);
          d.lines.forEach((l, i) => assert.ok((lines[d.firstLine - 1 + i] ?? '').endsWith(l), `line ${d.firstLine + i}`));
        });
      },
    ),
    { numRuns: 300 },
  );
});

test.run();
