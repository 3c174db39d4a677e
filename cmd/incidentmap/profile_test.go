package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCPUProfileEnv: INCIDENTMAP_CPUPROFILE makes any command write a CPU
// profile (gzip-compressed protobuf, as go tool pprof reads); a path that
// cannot be written is reported and the command still runs.
func TestCPUProfileEnv(t *testing.T) {
	name := filepath.Join(t.TempDir(), "cpu.prof")
	r := runCLI(t, "", []string{"INCIDENTMAP_CPUPROFILE=" + name}, "geocode", "Turbat")
	if r.code != 0 {
		t.Fatalf("geocode: exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("profile of %d bytes does not start as gzip", len(b))
	}

	bad := filepath.Join(t.TempDir(), "missing", "cpu.prof")
	r = runCLI(t, "", []string{"INCIDENTMAP_CPUPROFILE=" + bad}, "geocode", "Turbat")
	if r.code != 0 || !strings.Contains(r.stderr, "INCIDENTMAP_CPUPROFILE") || !strings.Contains(r.stdout, "Turbat") {
		t.Errorf("unwritable profile: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
