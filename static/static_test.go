package static

import (
	"io/fs"
	"testing"
)

func TestFSRootIsBundle(t *testing.T) {
	f := FS()
	// The placeholder is always there, so the embed pattern and fs.Sub agree.
	if _, err := fs.Stat(f, ".gitkeep"); err != nil {
		t.Fatalf("stat .gitkeep in FS(): %v", err)
	}
	_, err := fs.Stat(f, "index.html")
	if got, want := Built(), err == nil; got != want {
		t.Errorf("Built() = %v, want %v (index.html stat error %v)", got, want, err)
	}
}
