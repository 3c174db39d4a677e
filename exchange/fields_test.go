package exchange

import (
	"slices"
	"strings"
	"testing"
)

// TestCSVColumnsStable: readers take the project's CSV by position, so the
// columns published before issue 17 keep their places and types; the
// table may only add columns at the end.
func TestCSVColumnsStable(t *testing.T) {
	published := strings.Fields(`id title description date end_date date_precision type type_label
		place district_id district lon lat precision method series tags state
		claimants primary_claimant status killed_low killed_best killed_high
		claims sources revision updated country admin1 region wkt`)
	if len(CSVColumns) < len(published) || !slices.Equal(CSVColumns[:len(published)], published) {
		t.Errorf("CSVColumns = %v, want it to start with %v", CSVColumns, published)
	}
	types := strings.Split(strings.TrimSpace(CSVTypes), ",")
	if len(types) != len(CSVColumns) {
		t.Fatalf("CSVTypes has %d types for %d columns", len(types), len(CSVColumns))
	}
	for i, want := range map[int]string{3: `"Date"`, 11: `"Point(X)"`, 12: `"Point(Y)"`, 21: `"Integer"`, 27: `"DateTime"`} {
		if types[i] != want {
			t.Errorf("type of %s = %s, want %s", CSVColumns[i], types[i], want)
		}
	}
}

// TestFieldsTable: names are unique, and every field an incident carries
// has a value function.
func TestFieldsTable(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Fields {
		if seen[f.Name] {
			t.Errorf("field %s twice", f.Name)
		}
		seen[f.Name] = true
		if f.In&(InCSV|InOGC) != 0 && f.Text == nil {
			t.Errorf("field %s is written from incidents but has no Text", f.Name)
		}
		if f.Desc == "" {
			t.Errorf("field %s has no description", f.Name)
		}
	}
}
