// Command regoc is the Rego compiler kube-netcheck embeds: the few `opa`
// subcommands it runs, with opa's own flags and output formats, built from the
// OPA pinned in tools/go.mod for GOOS=wasip1 GOARCH=wasm and run by Node's
// node:wasi (src/policy/backend.ts). Either back end (this module or a real
// `opa` binary) answers the same command lines the same way, so
// src/policy/compile.ts and `kube-netcheck verify` do not care which one ran.
//
// Subcommands (flags as in OPA v1.22.3's cmd/ package):
//
//	version
//	parse [--v0-compatible] --format json [--json-include locations,-comments] FILE
//	capabilities --current
//	build [-b] [-t wasm] [--capabilities FILE] [--v0-compatible] -o OUT [-e ENTRYPOINT]... PATH...
//	check [-b] [--format json] [--capabilities FILE] [--v0-compatible] [--max-errors N] PATH...
//	test [--format json] [--v0-compatible] [--run REGEX] [--coverage] [--timeout D] PATH...
//	batch   (stdin: [{"args": [...], "cwd": "..."}, ...]; stdout: [{"status", "stdout", "stderr"}, ...])
//
// batch runs several command lines in one process: starting the module (the Go
// runtime and OPA's own initialisation) costs far more than a parse, so the
// embedded back end sends each step's commands together.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	astJSON "github.com/open-policy-agent/opa/v1/ast/json"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/compile"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/loader"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/version"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches one command line; the exit codes are opa's (0 ok, 1 error, 2 failing tests).
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: regoc version|parse|capabilities|build|check|test [flags] [paths]")
		return 1
	}
	cmds := map[string]func([]string, io.Writer, io.Writer) int{
		"version":      versionCmd,
		"parse":        parseCmd,
		"capabilities": capabilitiesCmd,
		"build":        buildCmd,
		"check":        checkCmd,
		"test":         testCmd,
		"batch":        batchCmd,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "regoc: unknown command %q\n", args[0])
		return 1
	}
	return cmd(args[1:], stdout, stderr)
}

type batchCommand struct {
	Args []string `json:"args"`
	Cwd  string   `json:"cwd,omitempty"`
}

type batchResult struct {
	Status int    `json:"status"`
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
}

// batchCmd runs each command line of the JSON list on stdin, in its own working
// directory, and prints their exit codes and outputs as one JSON list.
func batchCmd(_ []string, stdout, stderr io.Writer) int {
	var cmds []batchCommand
	if err := json.NewDecoder(os.Stdin).Decode(&cmds); err != nil {
		fmt.Fprintln(stderr, "batch: expected a JSON list of {\"args\": [...], \"cwd\": \"...\"} on stdin:", err)
		return 1
	}
	results := make([]batchResult, 0, len(cmds))
	for _, c := range cmds {
		results = append(results, runOne(c))
	}
	if err := json.NewEncoder(stdout).Encode(results); err != nil {
		fmt.Fprintln(stderr, "batch:", err)
		return 1
	}
	return 0
}

// runOne runs one command of a batch; a panic is its failure (exit 3), not the batch's.
func runOne(c batchCommand) (r batchResult) {
	var out, errOut bytes.Buffer
	defer func() {
		if p := recover(); p != nil {
			r = batchResult{Status: 3, Stdout: out.String(), Stderr: fmt.Sprintf("%s\nregoc: panic: %v\n", errOut.String(), p)}
		}
	}()
	if c.Cwd != "" {
		if err := os.Chdir(c.Cwd); err != nil {
			return batchResult{Status: 1, Stderr: fmt.Sprintf("regoc: cannot enter %s: %v\n", c.Cwd, err)}
		}
	}
	if len(c.Args) > 0 && c.Args[0] == "batch" {
		return batchResult{Status: 1, Stderr: "regoc: batch inside batch\n"}
	}
	status := run(c.Args, &out, &errOut)
	return batchResult{Status: status, Stdout: out.String(), Stderr: errOut.String()}
}

// multi is a repeatable string flag (-e a -e b).
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// parseFlags parses flags and positionals in any order, as opa's cobra does.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positionals []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positionals, nil
		}
		if rest[0] == "--" {
			return append(positionals, rest[1:]...), nil
		}
		positionals = append(positionals, rest[0])
		args = rest[1:]
	}
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func regoVersion(v0 bool) ast.RegoVersion {
	if v0 {
		return ast.RegoV0
	}
	return ast.RegoV1
}

// jsonErrors prints errors the way opa does with --format json: {"errors": [...]}.
func jsonErrors(w io.Writer, err error) {
	type outputError struct {
		Message  string        `json:"message"`
		Code     string        `json:"code,omitempty"`
		Location *ast.Location `json:"location,omitempty"`
		Details  any           `json:"details,omitempty"`
	}
	var out []outputError
	var astErrs ast.Errors
	var astErr *ast.Error
	var loadErrs loader.Errors
	switch {
	case errors.As(err, &astErrs):
		for _, e := range astErrs {
			out = append(out, outputError{Message: e.Message, Code: e.Code, Location: e.Location, Details: e.Details})
		}
	case errors.As(err, &astErr):
		out = append(out, outputError{Message: astErr.Message, Code: astErr.Code, Location: astErr.Location, Details: astErr.Details})
	case errors.As(err, &loadErrs):
		for _, e := range loadErrs {
			var ae *ast.Error
			if errors.As(e, &ae) {
				out = append(out, outputError{Message: ae.Message, Code: ae.Code, Location: ae.Location, Details: ae.Details})
			} else {
				out = append(out, outputError{Message: e.Error()})
			}
		}
	default:
		out = append(out, outputError{Message: err.Error()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(map[string]any{"errors": out})
}

func versionCmd(_ []string, stdout, _ io.Writer) int {
	fmt.Fprintf(stdout, "Version: %s\n", version.Version)
	return 0
}

func capabilitiesCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("capabilities", stderr)
	fs.Bool("current", true, "print the capabilities of this OPA")
	if _, err := parseFlags(fs, args); err != nil {
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(ast.CapabilitiesForThisVersion()); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// parseCmd is cmd/parse.go's parse for --format json.
func parseCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("parse", stderr)
	v0 := fs.Bool("v0-compatible", false, "parse as Rego v0")
	format := fs.String("format", "json", "output format (json)")
	include := fs.String("json-include", "", "locations, comments; -x excludes")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return 1
	}
	if *format != "json" || len(paths) != 1 {
		fmt.Fprintln(stderr, "parse: expected --format json and one file")
		return 1
	}
	locations, comments := false, true
	for opt := range strings.SplitSeq(*include, ",") {
		value := !strings.HasPrefix(opt, "-")
		if strings.HasSuffix(opt, "locations") {
			locations = value
		}
		if strings.HasSuffix(opt, "comments") {
			comments = value
		}
	}
	if locations {
		astJSON.SetOptions(astJSON.Options{MarshalOptions: astJSON.MarshalOptions{
			IncludeLocationText: true,
			IncludeLocation: astJSON.NodeToggle{
				Term: true, Package: true, Comment: true, Import: true, Rule: true, Head: true, Expr: true,
				SomeDecl: true, Every: true, With: true, Annotations: true, AnnotationsRef: true,
			},
		}})
		defer astJSON.SetOptions(astJSON.Defaults())
	}
	result, err := loader.RegoWithOpts(paths[0], ast.ParserOptions{ProcessAnnotation: true, RegoVersion: regoVersion(*v0)})
	if err != nil {
		jsonErrors(stderr, err)
		return 1
	}
	if !comments {
		result.Parsed.Comments = nil
	}
	bs, err := json.MarshalIndent(result.Parsed, "", "  ")
	if err != nil {
		jsonErrors(stderr, err)
		return 1
	}
	_, _ = stdout.Write(append(bs, '\n'))
	return 0
}

func loadCapabilities(file string) (*ast.Capabilities, error) {
	if file == "" {
		return ast.CapabilitiesForThisVersion(), nil
	}
	return ast.LoadCapabilitiesFile(file)
}

// buildCmd is cmd/build.go's dobuild for the wasm target; like opa it prints "error: ..." to stdout.
func buildCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", stderr)
	bundleMode := fs.Bool("b", false, "load paths as bundle files or root directories")
	target := fs.String("t", "wasm", "output bundle target type (wasm)")
	caps := fs.String("capabilities", "", "capabilities file")
	v0 := fs.Bool("v0-compatible", false, "build Rego v0")
	out := fs.String("o", "bundle.tar.gz", "output file")
	var entrypoints multi
	fs.Var(&entrypoints, "e", "entrypoint (repeatable)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return 1
	}
	if len(paths) == 0 {
		fmt.Fprintln(stdout, "error: expected at least one path")
		return 1
	}
	c, err := loadCapabilities(*caps)
	if err != nil {
		fmt.Fprintln(stdout, "error:", err)
		return 1
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(stdout, "error:", err)
		return 1
	}
	defer f.Close()
	compiler := compile.New().
		WithCapabilities(c).
		WithTarget(*target).
		WithAsBundle(*bundleMode).
		WithOutput(f).
		WithEntrypoints(entrypoints...).
		WithRegoAnnotationEntrypoints(true).
		WithPaths(paths...).
		WithRegoVersion(regoVersion(*v0))
	if err := compiler.Build(context.Background()); err != nil {
		fmt.Fprintln(stdout, "error:", err)
		return 1
	}
	return 0
}

// checkCmd is cmd/check.go's checkModules: every parse and compile error, with its location.
func checkCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	bundleMode := fs.Bool("b", false, "load paths as bundle files or root directories")
	format := fs.String("format", "pretty", "output format (pretty, json)")
	caps := fs.String("capabilities", "", "capabilities file")
	v0 := fs.Bool("v0-compatible", false, "check Rego v0")
	maxErrors := fs.Int("max-errors", 10, "stop after this many errors (-1: no limit)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return 1
	}
	c, err := loadCapabilities(*caps)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := checkModules(paths, *bundleMode, c, regoVersion(*v0), *maxErrors); err != nil {
		if *format == "json" {
			jsonErrors(stdout, err)
		} else {
			fmt.Fprintln(stdout, err)
		}
		return 1
	}
	return 0
}

func checkModules(paths []string, bundleMode bool, c *ast.Capabilities, v ast.RegoVersion, maxErrors int) error {
	l := loader.NewFileLoader().WithRegoVersion(v).WithProcessAnnotation(true).WithCapabilities(c)
	compiler := ast.NewCompiler().SetErrorLimit(maxErrors).WithCapabilities(c).
		WithEnablePrintStatements(true).WithUseTypeCheckAnnotations(true)
	var modules map[string]*ast.Module
	if bundleMode {
		bundles := make([]*bundle.Bundle, 0, len(paths))
		for _, path := range paths {
			b, err := l.WithSkipBundleVerification(true).AsBundle(path)
			if err != nil {
				return err
			}
			bundles = append(bundles, b)
		}
		b, err := bundle.Merge(bundles)
		if err != nil {
			return err
		}
		modules = b.ParsedModules("")
	} else {
		result, err := l.Filtered(paths, func(_ string, info os.FileInfo, _ int) bool {
			return !info.IsDir() && !strings.HasSuffix(info.Name(), ".rego")
		})
		if err != nil {
			return err
		}
		modules = result.ParsedModules()
	}
	if compiler.Compile(modules); compiler.Failed() {
		return compiler.Errors
	}
	return nil
}

// testCmd is cmd/test.go's opaTest without bundles, benchmarks or watching:
// the JSON reporter, or with --coverage the JSON coverage reporter. Exit 2 when
// a test fails, 1 when the policies do not load or compile.
func testCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("test", stderr)
	format := fs.String("format", "json", "output format (json)")
	v0 := fs.Bool("v0-compatible", false, "test Rego v0")
	runRegex := fs.String("run", "", "run only tests matching this regular expression")
	coverage := fs.Bool("coverage", false, "report coverage (JSON)")
	timeout := fs.Duration("timeout", 5*time.Second, "timeout per test")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return 1
	}
	if *format != "json" {
		fmt.Fprintln(stderr, "test: only --format json")
		return 1
	}
	ctx := context.Background()
	popts := ast.ParserOptions{RegoVersion: regoVersion(*v0), ProcessAnnotation: true}
	modules, store, err := tester.LoadWithParserOptions(paths, nil, popts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	txn, err := store.NewTransaction(ctx, storage.WriteParams)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer store.Abort(ctx, txn)
	compiler := ast.NewCompiler().
		WithPathConflictsCheck(storage.NonEmpty(ctx, store, txn)).
		WithEnablePrintStatements(true).
		WithCapabilities(ast.CapabilitiesForThisVersion()).
		WithUseTypeCheckAnnotations(true)
	var cov *cover.Cover
	runner := tester.NewRunner().
		SetCompiler(compiler).
		SetStore(store).
		CapturePrintOutput(true).
		StackTraces(true).
		SetModules(modules).
		SetTimeout(*timeout).
		Filter(*runRegex)
	if *coverage {
		cov = cover.New()
		runner = runner.SetCoverageQueryTracer(cov).
			SetCoverageRuns([]cover.Kind{cover.KindIndexExcluded, cover.KindEarlyExit})
	}
	var reporter tester.Reporter = tester.JSONReporter{Output: stdout}
	if *coverage {
		reporter = tester.JSONCoverageReporter{Cover: cov, Modules: modules, Output: stdout}
	}
	ch, err := runner.RunTests(ctx, txn)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	exit := 0
	dup := make(chan *tester.Result)
	go func() {
		defer close(dup)
		for tr := range ch {
			if !tr.Pass() {
				exit = 2
			}
			dup <- tr
		}
	}()
	if err := reporter.Report(dup); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return exit
}
