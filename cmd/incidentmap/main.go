// Command incidentmap maps conflict incidents in Balochistan: it geocodes
// places, keeps incidents and their contested claims in a bbolt database, and
// serves them as GeoJSON, vector tiles and a web map.
//
// Usage:
//
//	incidentmap <command> [flags] [args]
//
// Run "incidentmap help" for the list of commands. Exit status is 0 on
// success, 2 for usage errors and 1 for other failures; messages go to stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"sort"
	"syscall"
)

// command is one subcommand. run receives the arguments after the command
// name; it returns a usageError for bad flags or arguments.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// Env is what a command may touch of the outside world, so that tests can run
// commands in-process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// IsTerminal reports whether Stderr is a terminal (for progress output).
	IsTerminal bool
}

// commands lists every subcommand. Keep names stable: scripts depend on them.
func commands() []command {
	return []command{
		{"geocode", "geocode a place name, a point or a text", runGeocode},
		{"import", "import incidents from GeoJSON or CSV", runImport},
		{"export", "export incidents as GeoJSON or CSV", runExport},
		{"backup", "write a consistent copy of the database", runBackup},
		{"gen", "write synthetic incidents for benchmarks", runGen},
		{"extract", "find candidate incidents in a news text", runExtract},
		{"review", "list, show, edit, approve or reject draft incidents", runReview},
		{"serve", "serve the web map, API, tiles and OGC API - Features", runServe},
		{"token", "create, list or revoke API tokens for writes", runToken},
		{"version", "print the version", runVersion},
	}
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func runVersion(_ context.Context, env *Env, args []string) error {
	fs := newFlagSet("version", "incidentmap version", "Print the version.")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "incidentmap", version)
	return nil
}

// usageError marks errors that should exit with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errHelp is returned when --help was asked for; it exits 0.
var errHelp = errors.New("help requested")

// flagSet is a flag.FlagSet whose flags may fall back on environment
// variables. Every command builds its flags with newFlagSet, so that all
// share one help style and one rule for the environment: a variable is used
// when its flag is not given, the help shows it as [VARIABLE], and a
// malformed value is a usage error naming the variable, as a malformed flag
// is one naming the flag.
type flagSet struct {
	*flag.FlagSet
	env map[string]string // flag name -> environment variable
}

// newFlagSet builds a flag set whose usage text starts with synopsis and
// description.
func newFlagSet(name, synopsis, description string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), env: map[string]string{}}
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: %s\n\n%s\n", synopsis, description)
		if hasFlags(fs.FlagSet) {
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// fromEnv makes flag name fall back on the environment variable key.
func (fs *flagSet) fromEnv(name, key string) {
	fl := fs.Lookup(name)
	fl.Usage += " [" + key + "]"
	fs.env[name] = key
}

// dbFlag declares --db, the database file of every command that opens
// one.
func (fs *flagSet) dbFlag(usage string) *string {
	p := fs.String("db", "incidentmap.db", usage)
	fs.fromEnv("db", "INCIDENTMAP_DB")
	return p
}

// parseFlags parses args, printing help to stdout for --help and turning flag
// errors into usage errors; then flags not given take their environment
// variable, if it is set and not empty.
func parseFlags(fs *flagSet, env *Env, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(env.Stdout)
		fs.Usage()
		return errHelp
	}
	if err != nil {
		return usagef("%s: %v (see 'incidentmap %s --help')", fs.Name(), err, fs.Name())
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	names := slices.Sorted(maps.Keys(fs.env))
	for _, name := range names {
		key := fs.env[name]
		v := env.Getenv(key)
		if given[name] || v == "" {
			continue
		}
		if err := fs.Lookup(name).Value.Set(v); err != nil {
			return usagef("%s: environment %s=%q: invalid value for --%s: %v", fs.Name(), key, v, name, err)
		}
	}
	return nil
}

// envOr returns the environment variable key, or def when it is unset.
func envOr(env *Env, key, def string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return def
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: incidentmap <command> [flags] [args]")
	fmt.Fprintln(w, "\nCommands:")
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'incidentmap <command> --help' for a command's flags.")
	fmt.Fprintln(w, "Exit status: 0 success, 2 usage error, 1 other failure.")
}

// Main runs the command line args and returns the exit status.
func Main(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		usage(env.Stderr)
		return 2
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		usage(env.Stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, env, args[1:])
		var ue *usageError
		switch {
		case err == nil, errors.Is(err, errHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintln(env.Stderr, "incidentmap:", err)
			return 2
		default:
			fmt.Fprintln(env.Stderr, "incidentmap:", err)
			return 1
		}
	}
	fmt.Fprintf(env.Stderr, "incidentmap: unknown command %q\n\n", name)
	usage(env.Stderr)
	return 2
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, IsTerminal: isTerminal(os.Stderr)}
	stopProfile := startProfile(os.Getenv("INCIDENTMAP_CPUPROFILE"), env.Stderr)
	code := Main(ctx, env, os.Args[1:])
	stopProfile()
	stop()
	os.Exit(code)
}

// startProfile writes a CPU profile of the whole command to the file named
// by INCIDENTMAP_CPUPROFILE (for `go tool pprof`), if set.
func startProfile(name string, stderr io.Writer) (stop func()) {
	if name == "" {
		return func() {}
	}
	f, err := os.Create(name)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(stderr, "incidentmap: INCIDENTMAP_CPUPROFILE:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
