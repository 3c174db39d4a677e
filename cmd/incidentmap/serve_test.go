package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs `incidentmap serve` and waits until /healthz answers.
func startServe(t *testing.T, args ...string) (*exec.Cmd, string, *bytes.Buffer) {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(binPath, append([]string{"serve", "--addr", addr}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd, addr, &stderr
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not answer /healthz: %v\n%s", err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestServeSeedHealthzAndSIGTERM(t *testing.T) {
	db := filepath.Join(t.TempDir(), "serve.db")
	cmd, addr, stderr := startServe(t, "--db", db, "--seed")
	resp, err := http.Get("http://" + addr + "/api/incidents?limit=1")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		NumberMatched int `json:"numberMatched"`
	}
	json.NewDecoder(resp.Body).Decode(&fc)
	resp.Body.Close()
	if fc.NumberMatched == 0 {
		t.Error("--seed loaded no incidents")
	}

	// A slow download in flight when SIGTERM arrives still completes.
	slow, err := http.Get("http://" + addr + "/api/incidents.geojson")
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(slow.Body)
	slow.Body.Close()
	if err != nil || !json.Valid(body) {
		t.Errorf("in-flight response cut: %v (%d bytes)", err, len(body))
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve exited with %v\n%s", err, stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not stop after SIGTERM\n%s", stderr)
	}
	// JSON logs, the last saying it stopped; the database is closed and
	// reopens at once.
	sc := bufio.NewScanner(strings.NewReader(stderr.String()))
	var last map[string]any
	for sc.Scan() {
		if err := json.Unmarshal(sc.Bytes(), &last); err != nil {
			t.Fatalf("log line not JSON: %q", sc.Text())
		}
	}
	if last["msg"] != "stopped" {
		t.Errorf("last log line %v", last)
	}
	if r := runCLI(t, "", nil, "token", "list", "--db", db); r.code != 0 {
		t.Errorf("database not released: %s", r.stderr)
	}
}

func TestServeFlagsAndEnv(t *testing.T) {
	r := runCLI(t, "", nil, "serve", "--help")
	if r.code != 0 {
		t.Fatalf("--help exit %d", r.code)
	}
	for _, flag := range []string{"--addr", "--db", "--seed", "--dev", "--max-body-mb", "--tile-cache-mb", "--max-limit", "--write-timeout", "--shutdown-timeout", "INCIDENTMAP_ADDR", "--tiles-url", "INCIDENTMAP_TILES_ATTRIBUTION"} {
		if !strings.Contains(r.stdout, strings.TrimPrefix(flag, "-")) {
			t.Errorf("serve --help lacks %s", flag)
		}
	}
	for _, args := range [][]string{{"serve", "--addr", "nonsense"}, {"serve", "--max-limit", "0"}, {"serve", "--log-format", "xml"}, {"serve", "extra"},
		{"serve", "--tiles-url", "ftp://tiles.example.org/{z}/{x}/{y}.png", "--tiles-attribution", "x"},
		{"serve", "--tiles-url", "https://tiles.example.org/{z}/{x}/{y}.png"}} {
		if r := runCLI(t, "", nil, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
	// The environment supplies the address.
	db := filepath.Join(t.TempDir(), "env.db")
	addr := freeAddr(t)
	cmd := exec.Command(binPath, "serve")
	cmd.Env = append(os.Environ(), "INCIDENTMAP_ADDR="+addr, "INCIDENTMAP_DB="+db, "INCIDENTMAP_ACCESS_LOG=false",
		"INCIDENTMAP_TILES_URL=https://{s}.tiles.example.org/{z}/{x}/{y}.png", "INCIDENTMAP_TILES_ATTRIBUTION=© Example tiles")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Signal(syscall.SIGTERM)
	ok := false
	for range 600 {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			ok = true
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !ok {
		t.Fatal("server from INCIDENTMAP_ADDR never answered")
	}
	// The environment configures the online background: the page is told
	// of it and its policy allows the tile host's images.
	resp, err := http.Get("http://" + addr + "/api/config")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"url":"https://{s}.tiles.example.org/{z}/{x}/{y}.png"`) || !strings.Contains(string(body), "© Example tiles") {
		t.Errorf("/api/config: %s", body)
	}
	if resp, err = http.Get("http://" + addr + "/"); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: blob: https://*.tiles.example.org;") {
		t.Errorf("page CSP %q", csp)
	}
	// The database is locked while the server runs: a second serve fails.
	if r := runCLI(t, "", nil, "serve", "--db", db, "--addr", freeAddr(t)); r.code != 1 || !strings.Contains(r.stderr, "lock") {
		t.Errorf("second serve on the same db: exit %d %s", r.code, r.stderr)
	}
}

func TestTokenCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "tok.db")
	r := runCLI(t, "", nil, "token", "create", "--name", "editor", "--db", db)
	secret := strings.TrimSpace(r.stdout)
	if r.code != 0 || len(secret) < 20 {
		t.Fatalf("create: exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, "", nil, "token", "create", "--name", "editor", "--db", db); r.code != 1 {
		t.Errorf("duplicate name: exit %d", r.code)
	}
	r = runCLI(t, "", []string{"INCIDENTMAP_DB=" + db}, "token", "list", "--json")
	var toks []struct{ Name string }
	if err := json.Unmarshal([]byte(r.stdout), &toks); err != nil || len(toks) != 1 || toks[0].Name != "editor" {
		t.Errorf("list: %v %q", err, r.stdout)
	}
	if strings.Contains(r.stdout, secret) {
		t.Error("list shows the secret")
	}

	// The token authorises writes on a running server until revoked.
	cmd, addr, _ := startServe(t, "--db", db)
	post := func() int {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/api/incidents", strings.NewReader(
			`{"id":"CLI-1","title":"Test","date":"2024-01-01","type":"other","location":{"lon":66.9,"lat":30.2,"precision":"district"},"claims":[]}`))
		req.Header.Set("Authorization", "Bearer "+secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(); code != http.StatusCreated {
		t.Errorf("write with token: %d", code)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("serve exit %d", ee.ExitCode())
		}
	}
	if r := runCLI(t, "", nil, "token", "revoke", "--name", "editor", "--db", db); r.code != 0 {
		t.Fatalf("revoke: %d %s", r.code, r.stderr)
	}
	_, addr, _ = startServe(t, "--db", db) // post uses the new address
	if code := post(); code != http.StatusUnauthorized {
		t.Errorf("write with revoked token: %d", code)
	}
	for _, args := range [][]string{{"token"}, {"token", "create"}, {"token", "frobnicate"}} {
		if r := runCLI(t, "", nil, append(args, "--db", db)...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2", args, r.code)
		}
	}
}

// TestBackupWhileServing backs up a running server through GET /api/backup:
// the file lock keeps a second process out of the database itself.
func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	r := runCLI(t, "", nil, "token", "create", "--db", db, "--name", "ops")
	if r.code != 0 {
		t.Fatalf("token create: exit %d: %s", r.code, r.stderr)
	}
	token := strings.TrimSpace(r.stdout)
	if i := strings.LastIndexAny(token, " \n"); i >= 0 {
		token = strings.TrimSpace(token[i+1:])
	}
	cmd, addr, _ := startServe(t, "--db", db, "--seed")
	out := filepath.Join(dir, "copy.db")

	if r := runCLI(t, "", nil, "backup", "--db", db, out); r.code != 1 || !strings.Contains(r.stderr, "another process") {
		t.Errorf("file backup of a served database: exit %d, stderr %q; want 1 naming the lock", r.code, r.stderr)
	}
	if r := runCLI(t, "", nil, "backup", "--url", "http://"+addr, "--token", "wrong", out); r.code != 1 || !strings.Contains(r.stderr, "401") {
		t.Errorf("backup with a bad token: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a failed backup left a file")
	}
	if r := runCLI(t, "", nil, "backup", "--url", "http://"+addr, out); r.code != 2 {
		t.Errorf("--url without a token: exit %d, want 2", r.code)
	}
	r = runCLI(t, "", []string{"INCIDENTMAP_TOKEN=" + token}, "backup", "--url", "http://"+addr, out)
	if r.code != 0 {
		t.Fatalf("backup --url: exit %d: %s", r.code, r.stderr)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	live := runCLI(t, "", nil, "export", "--db", db, "--format", "csv")
	cp := runCLI(t, "", nil, "export", "--db", out, "--format", "csv")
	if live.code != 0 || cp.code != 0 {
		t.Fatalf("export: %s %s", live.stderr, cp.stderr)
	}
	if cp.stdout != live.stdout || strings.Count(cp.stdout, "\n") < 4 {
		t.Errorf("the copy exports %d lines, the database %d", strings.Count(cp.stdout, "\n"), strings.Count(live.stdout, "\n"))
	}
}

// TestServeBasemapUrduNames: the basemap the binary serves carries the Urdu
// names of Natural Earth's countries, seas and regions that the shipped
// table (data/sources/ne_names_ur.tsv) gives, for the web map's Urdu labels.
func TestServeBasemapUrduNames(t *testing.T) {
	_, addr, _ := startServe(t, "--db", filepath.Join(t.TempDir(), "basemap.db"))
	resp, err := http.Get("http://" + addr + "/api/basemap")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&fc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	provinces := 0
	for _, f := range fc.Features {
		if f.Properties["layer"] == "province" {
			provinces++
		}
		if ur, ok := f.Properties["name_ur"].(string); ok {
			got[f.Properties["layer"].(string)+"|"+f.Properties["name"].(string)] = ur
		}
	}
	for k, want := range map[string]string{
		"country|Iran": "ایران", "country|Afghanistan": "افغانستان", "country|Oman": "عمان",
		"sea|Arabian Sea / Gulf of Oman": "بحیرہ عرب / خلیج عمان", "region|KUH RUD MOUNTAINS": "کوہ رد پہاڑ",
		// The provinces around Balochistan, from the gazetteer, without
		// Natural Earth's word for province.
		"province|Sindh": "سندھ", "province|Punjab": "پنجاب", "province|Sistan and Baluchestan": "سیستان و بلوچستان",
		"province|Kandahar": "قندھار", "province|Helmand": "ہلمند", "province|Zabul": "زابل",
		// Natural Earth has no Daykundi or Panjshir.
		"province|Daykundi": "", "province|Panjshir": "",
	} {
		if got[k] != want {
			t.Errorf("%s: name_ur %q, want %q", k, got[k], want)
		}
	}
	named := 0
	for k := range got {
		if strings.HasPrefix(k, "province|") {
			named++
		}
	}
	if provinces != 49 || named != 47 {
		t.Errorf("%d province features, %d with name_ur; want 49, 47", provinces, named)
	}
}
