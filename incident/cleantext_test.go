package incident

import "testing"

// TestCleanText: what CleanText returns passes the text rules, keeps text
// that passed them, and cuts only at a character boundary.
func TestCleanText(t *testing.T) {
	for _, tt := range []struct {
		in        string
		max       int
		multiline bool
		want      string
	}{
		{"plain", 100, false, "plain"},
		{"two\nlines", 100, true, "two\nlines"},
		{"two\nlines", 100, false, "two lines"},
		{"mArtYred \x01", 100, true, "mArtYred  "},
		{"bad \xff byte", 100, true, "bad   byte"},
		{"nul\x00", 100, true, "nul "},
		{"c1 \u0085 control", 100, true, "c1   control"},
		{"Khuzdār", 6, false, "Khuzd"}, // ā is two bytes: not cut in half
	} {
		got := CleanText(tt.in, tt.max, tt.multiline)
		if got != tt.want {
			t.Errorf("CleanText(%q, %d, %v) = %q, want %q", tt.in, tt.max, tt.multiline, got, tt.want)
		}
		if p := textProblem(got, tt.max, tt.multiline); p != "" {
			t.Errorf("CleanText(%q) = %q still %s", tt.in, got, p)
		}
	}
}
