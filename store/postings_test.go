package store

import (
	"bytes"
	"errors"
	"math"
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

func TestEachSeqCorrupt(t *testing.T) {
	maxList := appendList(nil, []uint64{math.MaxUint64})
	cases := []struct {
		name string
		v    []byte
		want []uint64 // seqs decoded before the error
		ok   bool
	}{
		{"largest seq", maxList, []uint64{math.MaxUint64}, true},
		{"largest seq last", appendList(nil, []uint64{1, math.MaxUint64}), []uint64{1, math.MaxUint64}, true},
		{"zero delta", []byte{3, 0}, []uint64{3}, false},
		{"delta wraps past the largest seq (issue 15)", append([]byte{1}, maxList...), []uint64{1}, false},
		{"delta after the largest seq", append(maxList, 1), []uint64{math.MaxUint64}, false},
		{"truncated varint", []byte{1, 0x80}, []uint64{1}, false},
		{"varint over 64 bits", append(bytes.Repeat([]byte{0xff}, 10), 1), nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []uint64
			err := eachSeq(tc.v, func(s uint64) bool { got = append(got, s); return true })
			if tc.ok && err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if !tc.ok && !errors.Is(err, errCorrupt) {
				t.Fatalf("got error %v, want errCorrupt", err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got seqs %v, want %v", got, tc.want)
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
