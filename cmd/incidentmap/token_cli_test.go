package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenRolesCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	r := runCLI(t, "", nil, "token", "create", "--db", db, "--name", "night desk", "--role", "editor", "--json")
	var made map[string]string
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &made) != nil || made["role"] != "editor" || !strings.HasPrefix(made["token"], "imt_") {
		t.Fatalf("create editor: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, "", nil, "token", "create", "--db", db, "--name", "old way"); r.code != 0 {
		t.Fatalf("create without --role: exit %d %s", r.code, r.stderr)
	}
	if r := runCLI(t, "", nil, "token", "create", "--db", db, "--name", "x", "--role", "owner"); r.code != 2 || !strings.Contains(r.stderr, "role") {
		t.Errorf("unknown role: exit %d %s", r.code, r.stderr)
	}
	if r := runCLI(t, "", nil, "token", "create", "--db", db, "--name", "bad\u202ename"); r.code != 1 || !strings.Contains(r.stderr, "name") {
		t.Errorf("name with a direction override: exit %d %s", r.code, r.stderr)
	}
	r = runCLI(t, "", nil, "token", "list", "--db", db)
	if !strings.Contains(r.stdout, "night desk\teditor\t") || !strings.Contains(r.stdout, "old way\tpublisher\t") {
		t.Errorf("list:\n%s", r.stdout)
	}
}
