package geo_test

import (
	"testing"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/geo"
)

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := geo.LoadFS(data.FS); err != nil {
			b.Fatal(err)
		}
	}
}
