package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodPolicy = `package main

deny contains msg if {
	input.kubeProxy.mode == "userspace"
	msg := "userspace proxier"
}
`

const goodTest = `package main

test_userspace_denied if {
	deny["userspace proxier"] with input as {"kubeProxy": {"mode": "userspace"}}
}

test_iptables_denied if {
	deny["userspace proxier"] with input as {"kubeProxy": {"mode": "iptables"}}
}
`

const v0Policy = `package main

deny[msg] {
	input.kubeProxy.mode == "userspace"
	msg := "userspace proxier"
}
`

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	status := run(args, &out, &errOut)
	return status, out.String(), errOut.String()
}

type errorDoc struct {
	Errors []struct {
		Code     string `json:"code"`
		Message  string `json:"message"`
		Location struct {
			File string `json:"file"`
			Row  int    `json:"row"`
			Col  int    `json:"col"`
		} `json:"location"`
	} `json:"errors"`
}

func TestBuildGoodPolicyWritesAWasmBundle(t *testing.T) {
	dir := t.TempDir()
	src := write(t, dir, "policy.rego", goodPolicy)
	out := filepath.Join(dir, "bundle.tar.gz")
	status, stdout, stderr := runCmd(t, "build", "-t", "wasm", "-e", "main/deny", "-o", out, src)
	if status != 0 {
		t.Fatalf("build: exit %d: %s %s", status, stdout, stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	found := false
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Name == "/policy.wasm" {
			head := make([]byte, 4)
			if _, err := io.ReadFull(tr, head); err != nil {
				t.Fatal(err)
			}
			if string(head) != "\x00asm" {
				t.Fatalf("/policy.wasm starts %q", head)
			}
			found = true
		}
	}
	if !found {
		t.Fatal("no /policy.wasm in the bundle")
	}
}

func TestParseSyntaxErrorGivesFileLineAndColumn(t *testing.T) {
	dir := t.TempDir()
	src := write(t, dir, "broken.rego", "package main\n\ndeny contains msg if {\n\tinput.kubeProxy.mode == \n}\n")
	status, _, stderr := runCmd(t, "parse", "--format", "json", src)
	if status != 1 {
		t.Fatalf("parse of a broken file: exit %d", status)
	}
	var doc errorDoc
	if err := json.Unmarshal([]byte(stderr), &doc); err != nil {
		t.Fatalf("not JSON errors: %v: %s", err, stderr)
	}
	if len(doc.Errors) != 1 {
		t.Fatalf("errors: %+v", doc.Errors)
	}
	e := doc.Errors[0]
	if e.Code != "rego_parse_error" || e.Location.File != src || e.Location.Row != 5 || e.Location.Col != 1 || e.Message != "unexpected } token" {
		t.Fatalf("error: %+v", e)
	}
	// check reports the same error, and every other one, with its column.
	status, stdout, _ := runCmd(t, "check", "--format", "json", src)
	if status != 1 || !strings.Contains(stdout, `"row": 5`) || !strings.Contains(stdout, `"col": 1`) {
		t.Fatalf("check: exit %d: %s", status, stdout)
	}
}

func TestV0PolicyNeedsV0Compatible(t *testing.T) {
	dir := t.TempDir()
	src := write(t, dir, "policy.rego", v0Policy)
	status, _, stderr := runCmd(t, "parse", "--format", "json", src)
	if status != 1 || !strings.Contains(stderr, "`if` keyword is required before rule body") {
		t.Fatalf("v1 parse of a v0 file: exit %d: %s", status, stderr)
	}
	status, stdout, stderr := runCmd(t, "parse", "--v0-compatible", "--format", "json", "--json-include", "locations,-comments", src)
	if status != 0 || !strings.Contains(stdout, `"package"`) || !strings.Contains(stdout, `"row"`) {
		t.Fatalf("v0 parse: exit %d: %s", status, stderr)
	}
	status, stdout, stderr = runCmd(t, "build", "--v0-compatible", "-t", "wasm", "-e", "main/deny", "-o", filepath.Join(dir, "b.tar.gz"), src)
	if status != 0 {
		t.Fatalf("v0 build: exit %d: %s %s", status, stdout, stderr)
	}
}

func TestTestRunsTestsAndReportsFailures(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "policy.rego", goodPolicy)
	write(t, dir, "policy_test.rego", goodTest)
	status, stdout, stderr := runCmd(t, "test", "--format", "json", dir)
	if status != 2 {
		t.Fatalf("test with a failing test: exit %d: %s", status, stderr)
	}
	var results []struct {
		Name string `json:"name"`
		Fail bool   `json:"fail"`
	}
	if err := json.Unmarshal([]byte(stdout), &results); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range results {
		got[r.Name] = r.Fail
	}
	if len(got) != 2 || got["test_userspace_denied"] || !got["test_iptables_denied"] {
		t.Fatalf("results: %+v", results)
	}
	status, _, _ = runCmd(t, "test", "--format", "json", "--run", "userspace", dir)
	if status != 0 {
		t.Fatalf("--run userspace: exit %d", status)
	}
	status, stdout, _ = runCmd(t, "test", "--format", "json", "--coverage", "--run", "userspace", dir)
	if status != 0 || !strings.Contains(stdout, `"coverage"`) {
		t.Fatalf("--coverage: exit %d: %s", status, stdout)
	}
}

func TestBatchRunsEachCommandInItsDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "policy.rego", v0Policy)
	in := `[{"args": ["version"]}, {"args": ["parse", "--format", "json", "policy.rego"], "cwd": "` + dir + `"}, {"args": ["parse", "--v0-compatible", "--format", "json", "policy.rego"], "cwd": "` + dir + `"}]`
	stdin := os.Stdin
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	os.Stdin = r
	defer func() { os.Stdin = stdin }()
	go func() { _, _ = w.WriteString(in); w.Close() }()
	status, stdout, stderr := runCmd(t, "batch")
	if status != 0 {
		t.Fatalf("batch: exit %d: %s", status, stderr)
	}
	var results []batchResult
	if err := json.Unmarshal([]byte(stdout), &results); err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 || results[0].Status != 0 || !strings.HasPrefix(results[0].Stdout, "Version: ") || results[1].Status != 1 || results[2].Status != 0 {
		t.Fatalf("results: %+v", results)
	}
}
