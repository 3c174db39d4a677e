package store

import (
	"slices"
	"testing"
)

func listOf(t *testing.T, v []byte) []uint64 {
	t.Helper()
	var out []uint64
	if err := eachSeq(v, func(s uint64) bool { out = append(out, s); return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMergeList(t *testing.T) {
	cases := []struct {
		name          string
		old, add, del []uint64
		want          []uint64
	}{
		{"new list", nil, []uint64{3, 9, 200}, nil, []uint64{3, 9, 200}},
		{"append", []uint64{1, 5}, []uint64{7, 1 << 40}, nil, []uint64{1, 5, 7, 1 << 40}},
		{"insert among", []uint64{1, 5, 9}, []uint64{2, 6}, nil, []uint64{1, 2, 5, 6, 9}},
		{"add present", []uint64{1, 5}, []uint64{5}, nil, []uint64{1, 5}},
		{"delete", []uint64{1, 5, 9}, nil, []uint64{5, 77}, []uint64{1, 9}},
		{"delete all", []uint64{4}, nil, []uint64{4}, nil},
		{"move within", []uint64{4, 8}, []uint64{4}, []uint64{4}, []uint64{4, 8}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := mergeList(appendList(nil, tc.old), tc.add, tc.del)
			if err != nil {
				t.Fatal(err)
			}
			if got := listOf(t, v); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzPostingList: decoding arbitrary bytes never panics, and a list that
// decodes is strictly increasing and re-encodes to the same bytes unless it
// used non-minimal varints.
func FuzzPostingList(f *testing.F) {
	f.Add(appendList(nil, []uint64{1, 2, 300, 1 << 33}))
	f.Add([]byte{0x80})
	f.Add([]byte{5, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var seqs []uint64
		if err := eachSeq(b, func(s uint64) bool { seqs = append(seqs, s); return true }); err != nil {
			return
		}
		for i := 1; i < len(seqs); i++ {
			if seqs[i] <= seqs[i-1] {
				t.Fatalf("list not increasing: %v", seqs)
			}
		}
		again := appendList(nil, seqs)
		back := listOf(t, again)
		if !slices.Equal(back, seqs) {
			t.Fatalf("round trip %v -> %v", seqs, back)
		}
		if _, err := mergeList(b, []uint64{1, 1 << 50}, seqs); err != nil {
			t.Fatalf("merge of a decodable list: %v", err)
		}
	})
}
