package incident_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
)

func killed(low, high int) incident.Casualties {
	return incident.Casualties{incident.SecurityForces: {Killed: &incident.Range{Low: low, High: high}}}
}

func TestDeriveKilled(t *testing.T) {
	tests := []struct {
		name   string
		claims []incident.Claim
		want   incident.Killed
	}{
		{"no claims", nil, incident.Killed{}},
		{"lone unverified claim", []incident.Claim{{Actor: "BLF", Status: incident.Unverified, Casualties: killed(20, 20)}}, incident.Killed{Low: 20, Best: 20, High: 20}},
		{"claim vs confirmed official figure: never added", []incident.Claim{
			{Actor: "BLF", Status: incident.Unverified, Casualties: killed(20, 20)},
			{Actor: "ISPR", Status: incident.Confirmed, Casualties: killed(4, 4)},
		}, incident.Killed{Low: 4, Best: 4, High: 20}},
		{"range", []incident.Claim{{Actor: "police", Status: incident.Confirmed, Casualties: killed(3, 7)}}, incident.Killed{Low: 3, Best: 3, High: 7}},
		{"denial ignored", []incident.Claim{
			{Actor: "BLA", Status: incident.Unverified, Casualties: killed(10, 10)},
			{Actor: "ISPR", Kind: incident.KindDenial, Status: incident.Denied, Casualties: killed(0, 0)},
		}, incident.Killed{Low: 10, Best: 10, High: 10}},
		{"groups within one claim add up", []incident.Claim{{Actor: "ISPR", Status: incident.Confirmed, Casualties: incident.Casualties{
			incident.SecurityForces: {Killed: incident.Exactly(1)}, incident.Militants: {Killed: incident.Exactly(3)},
		}}}, incident.Killed{Low: 4, Best: 4, High: 4}},
		{"independent beats confirmed", []incident.Claim{
			{Actor: "ISPR", Status: incident.Confirmed, Casualties: killed(2, 2)},
			{Actor: "media", Status: incident.Independent, Casualties: killed(6, 6)},
		}, incident.Killed{Low: 6, Best: 6, High: 6}},
		{"claim without figures ignored", []incident.Claim{
			{Actor: "ISPR", Status: incident.Confirmed},
			{Actor: "BLF", Status: incident.Unverified, Casualties: killed(5, 5)},
		}, incident.Killed{Low: 5, Best: 5, High: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := incident.DeriveKilled(tt.claims); got != tt.want {
				t.Errorf("DeriveKilled = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func valid() *incident.Incident {
	in := &incident.Incident{
		ID: "T-1", Title: "Clash", Date: "2025-07-10", Type: incident.TypeArmedClash,
		Location: incident.Location{DistrictID: "awaran", Lon: 65.46, Lat: 26.43, Precision: geo.PrecisionDistrict},
		Claims:   []incident.Claim{{Actor: "Inter-Services Public Relations", Kind: incident.KindOfficial, Casualties: killed(1, 1)}},
	}
	in.Normalize()
	return in
}

func TestNormalize(t *testing.T) {
	in := valid()
	if in.Claims[0].Actor != "ISPR" || in.Claims[0].Status != incident.Unverified || in.State != incident.Published || in.DatePrecision != incident.DateDay {
		t.Errorf("Normalize left %+v", in)
	}
	if err := in.Validate(); err != nil {
		t.Errorf("valid incident: %v", err)
	}
}

func TestValidate(t *testing.T) {
	tests := map[string]struct {
		mutate func(*incident.Incident)
		field  string
	}{
		"no id":             {func(in *incident.Incident) { in.ID = "" }, "id"},
		"id with slash":     {func(in *incident.Incident) { in.ID = "a/b" }, "id"},
		"no title":          {func(in *incident.Incident) { in.Title = "" }, "title"},
		"bad date":          {func(in *incident.Incident) { in.Date = "10/07/2025" }, "date"},
		"end before start":  {func(in *incident.Incident) { in.EndDate = "2025-07-01" }, "end_date"},
		"range no end":      {func(in *incident.Incident) { in.DatePrecision = incident.DateRange }, "end_date"},
		"bad type":          {func(in *incident.Incident) { in.Type = "picnic" }, "type"},
		"outside bbox":      {func(in *incident.Incident) { in.Location.Lon = 10 }, "location"},
		"bad precision":     {func(in *incident.Incident) { in.Location.Precision = "street" }, "location.precision"},
		"bad kind":          {func(in *incident.Incident) { in.Claims[0].Kind = "rumour" }, "claims[0].kind"},
		"bad status":        {func(in *incident.Incident) { in.Claims[0].Status = "maybe" }, "claims[0].status"},
		"negative figure":   {func(in *incident.Incident) { in.Claims[0].Casualties = killed(-1, 2) }, "claims[0].casualties.security_forces.killed"},
		"high below low":    {func(in *incident.Incident) { in.Claims[0].Casualties = killed(5, 2) }, "claims[0].casualties.security_forces.killed"},
		"bad claim date":    {func(in *incident.Incident) { in.Claims[0].Date = "July" }, "claims[0].date"},
		"country lower":     {func(in *incident.Incident) { in.Location.Country = "pk" }, "location.country"},
		"country name":      {func(in *incident.Incident) { in.Location.Country = "Pakistan" }, "location.country"},
		"country one":       {func(in *incident.Incident) { in.Location.Country = "P" }, "location.country"},
		"country non-ascii": {func(in *incident.Incident) { in.Location.Country = "PÅ" }, "location.country"},
		// issue 15: strict input.
		"id dot":               {func(in *incident.Incident) { in.ID = "." }, "id"},
		"id dotdot":            {func(in *incident.Incident) { in.ID = ".." }, "id"},
		"id control":           {func(in *incident.Incident) { in.ID = "a\x01b" }, "id"},
		"id C1 control":        {func(in *incident.Incident) { in.ID = "a\u0085b" }, "id"},
		"id bidi override":     {func(in *incident.Incident) { in.ID = "abc\u202Efdp.exe" }, "id"},
		"id bidi isolate":      {func(in *incident.Incident) { in.ID = "abc\u2067x" }, "id"},
		"id zero width space":  {func(in *incident.Incident) { in.ID = "T\u200B-1" }, "id"},
		"id zero width joiner": {func(in *incident.Incident) { in.ID = "T\u200D-1" }, "id"},
		"id BOM":               {func(in *incident.Incident) { in.ID = "\uFEFFT-1" }, "id"},
		"id invalid UTF-8":     {func(in *incident.Incident) { in.ID = "T-\xff" }, "id"},
		"title invalid UTF-8":  {func(in *incident.Incident) { in.Title = "Clash \xc3\x28" }, "title"},
		"title replacement":    {func(in *incident.Incident) { in.Title = "Clash \uFFFD" }, "title"},
		"title NUL":            {func(in *incident.Incident) { in.Title = "Clash\x00" }, "title"},
		"description NUL":      {func(in *incident.Incident) { in.Description = "a\x00b" }, "description"},
		"description too long": {func(in *incident.Incident) { in.Description = strings.Repeat("x", incident.MaxDescriptionBytes+1) }, "description"},
		"place NUL":            {func(in *incident.Incident) { in.Location.Name = "Turbat\x00" }, "location.name"},
		"place too long":       {func(in *incident.Incident) { in.Location.Name = strings.Repeat("x", incident.MaxNameBytes+1) }, "location.name"},
		"series id dotdot":     {func(in *incident.Incident) { in.Series = ".." }, "series"},
		"actor NUL":            {func(in *incident.Incident) { in.Claims[0].Actor = "BLA\x00" }, "claims[0].actor"},
		"notes invalid":        {func(in *incident.Incident) { in.Claims[0].Notes = "\xff" }, "claims[0].notes"},
		"claim source js":      {func(in *incident.Incident) { in.Claims[0].Source.URL = "javascript:alert(1)" }, "claims[0].source.url"},
		"source js":            {func(in *incident.Incident) { in.Sources = []incident.Source{{Name: "x", URL: "javascript:alert(1)"}} }, "sources[0].url"},
		"source data":          {func(in *incident.Incident) { in.Sources = []incident.Source{{Name: "x", URL: "data:text/html,hi"}} }, "sources[0].url"},
		"source no host":       {func(in *incident.Incident) { in.Sources = []incident.Source{{Name: "x", URL: "https:///x"}} }, "sources[0].url"},
		"source relative":      {func(in *incident.Incident) { in.Sources = []incident.Source{{Name: "x", URL: "/etc/passwd"}} }, "sources[0].url"},
		"source name NUL":      {func(in *incident.Incident) { in.Sources = []incident.Source{{Name: "\x00"}} }, "sources[0].name"},
		"too many claims":      {func(in *incident.Incident) { in.Claims = slices.Repeat(in.Claims, incident.MaxClaims+1) }, "claims"},
		"too many sources":     {func(in *incident.Incident) { in.Sources = make([]incident.Source, incident.MaxSources+1) }, "sources"},
		"too many tags":        {func(in *incident.Incident) { in.Tags = slices.Repeat([]string{"a"}, incident.MaxTags+1) }, "tags"},
		"tag too long":         {func(in *incident.Incident) { in.Tags = []string{strings.Repeat("x", incident.MaxTagBytes+1)} }, "tags[0]"},
		"tag newline":          {func(in *incident.Incident) { in.Tags = []string{"a\nb"} }, "tags[0]"},
		"date year zero":       {func(in *incident.Incident) { in.Date = "0000-01-01" }, "date"},
		"date before 1900":     {func(in *incident.Incident) { in.Date = "1899-12-31" }, "date"},
		"date far future":      {func(in *incident.Incident) { in.Date = "2205-07-10" }, "date"},
		"end date far future":  {func(in *incident.Incident) { in.EndDate = "9999-12-31" }, "end_date"},
		"claim date year zero": {func(in *incident.Incident) { in.Claims[0].Date = "0000-01-01" }, "claims[0].date"},
		"admin1 too long": {func(in *incident.Incident) {
			in.Location.Country, in.Location.Admin1 = "PK", strings.Repeat("x", 129)
		}, "location.admin1"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			in := valid()
			tt.mutate(in)
			err := in.Validate()
			var fe *incident.FieldError
			if !errors.Is(err, incident.ErrInvalid) || !errors.As(err, &fe) {
				t.Fatalf("Validate() = %v, want a FieldError wrapping ErrInvalid", err)
			}
			if fe.Field != tt.field {
				t.Errorf("field %q, want %q (%v)", fe.Field, tt.field, err)
			}
		})
	}
}

func TestFilterMatch(t *testing.T) {
	in := valid()
	in.Claims = append(in.Claims, incident.Claim{Actor: "BLF", Kind: incident.KindResponsibility, Status: incident.Unverified})
	in.Series = "operation-baam"
	in.EndDate = "2025-07-12"
	box := orb.Bound{Min: orb.Point{65, 26}, Max: orb.Point{66, 27}}
	far := orb.Bound{Min: orb.Point{60, 24}, Max: orb.Point{61, 25}}
	tests := []struct {
		name string
		f    incident.Filter
		want bool
	}{
		{"empty", incident.Filter{}, true},
		{"claimant any of", incident.Filter{Claimants: []string{"BLA", "BLF"}}, true},
		{"claimant none", incident.Filter{Claimants: []string{"BLA"}}, false},
		{"span overlaps from", incident.Filter{From: "2025-07-11"}, true},
		{"after span", incident.Filter{From: "2025-07-13"}, false},
		{"before", incident.Filter{To: "2025-07-09"}, false},
		{"district", incident.Filter{Districts: []string{"awaran"}}, true},
		{"other district", incident.Filter{Districts: []string{"kech"}}, false},
		{"type", incident.Filter{Types: []incident.Type{incident.TypeArmedClash}}, true},
		{"status confirmed", incident.Filter{Statuses: []incident.Verification{incident.Confirmed}}, false},
		{"status unverified", incident.Filter{Statuses: []incident.Verification{incident.Unverified}}, true},
		{"series", incident.Filter{Series: []string{"operation-baam"}}, true},
		{"bbox in", incident.Filter{BBox: &box}, true},
		{"bbox out", incident.Filter{BBox: &far}, false},
		{"text", incident.Filter{Text: "CLASH"}, true},
		{"text miss", incident.Filter{Text: "bus"}, false},
		{"region balochistan, no country (old record)", incident.Filter{Region: incident.RegionBalochistan}, true},
		{"region outside, no country (old record)", incident.Filter{Region: incident.RegionOutside}, false},
		{"region not in the vocabulary matches nothing (ParseRegion turns all into \"\")", incident.Filter{Region: "all"}, false},
	}
	for _, tt := range tests {
		if got := tt.f.Match(in); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.name, got, tt.want)
		}
	}
	in.State = incident.Draft
	if (&incident.Filter{}).Match(in) {
		t.Error("a draft matched a public filter")
	}
	if !(&incident.Filter{Drafts: true}).Match(in) {
		t.Error("a draft did not match with Drafts set")
	}
}

func TestRegion(t *testing.T) {
	tests := []struct {
		name            string
		country, admin1 string
		want            string
	}{
		{"stored before country existed", "", "", incident.RegionBalochistan},
		{"admin1 without country", "", "Sindh", incident.RegionBalochistan},
		{"Balochistan", "PK", "Balochistan", incident.RegionBalochistan},
		{"Sindh", "PK", "Sindh", incident.RegionOutside},
		{"Punjab", "PK", "Punjab", incident.RegionOutside},
		{"Pakistan, province unknown", "PK", "", incident.RegionOutside},
		{"Iran's Sistan and Baluchestan", "IR", "Sistan and Baluchestan", incident.RegionOutside},
		{"Kandahar", "AF", "Kandahar", incident.RegionOutside},
		{"Balochistan named in another country", "AF", "Balochistan", incident.RegionOutside},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := incident.Location{Country: tt.country, Admin1: tt.admin1}
			if got := l.Region(); got != tt.want {
				t.Errorf("Region() = %q, want %q", got, tt.want)
			}
			in := valid()
			in.Location.Country, in.Location.Admin1 = tt.country, tt.admin1
			if err := in.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			for _, r := range []string{incident.RegionBalochistan, incident.RegionOutside} {
				f := incident.Filter{Region: r}
				if got := f.Match(in); got != (r == tt.want) {
					t.Errorf("Filter{Region: %q}.Match = %v, want %v", r, got, r == tt.want)
				}
			}
			if !(&incident.Filter{}).Match(in) {
				t.Error("the empty filter did not match")
			}
		})
	}
}

func TestParseRegion(t *testing.T) {
	for in, want := range map[string]string{"balochistan": "balochistan", " Outside ": "outside", "all": "", "ALL": ""} {
		if got, err := incident.ParseRegion(in); err != nil || got != want {
			t.Errorf("ParseRegion(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", " ", "inside", "pakistan", "balochistan,outside", "PK"} {
		if got, err := incident.ParseRegion(in); err == nil {
			t.Errorf("ParseRegion(%q) = %q, want an error", in, got)
		}
	}
}

func TestVerificationAndActors(t *testing.T) {
	in := valid()
	if v := in.Verification(); v != incident.Unverified {
		t.Errorf("Verification = %s", v)
	}
	in.Claims[0].Status = incident.Confirmed
	in.Claims = append(in.Claims, incident.Claim{Actor: "BLA", Status: incident.Denied}, incident.Claim{Actor: "ISPR"})
	if v := in.Verification(); v != incident.Confirmed {
		t.Errorf("Verification = %s, want confirmed", v)
	}
	if a := in.Actors(); len(a) != 2 || a[0] != "ISPR" || a[1] != "BLA" {
		t.Errorf("Actors = %v", a)
	}
	only := &incident.Incident{Claims: []incident.Claim{{Actor: "BLA", Status: incident.Denied}}}
	if v := only.Verification(); v != incident.Denied {
		t.Errorf("all denials: %s", v)
	}
}

func TestVocabularies(t *testing.T) {
	for in, want := range map[string]incident.Type{"ied": incident.TypeBombing, "Armed clash": incident.TypeArmedClash, "ibo": incident.TypeOperation, "suicide_attack": incident.TypeSuicideAttack} {
		if got, err := incident.ParseType(in); err != nil || got != want {
			t.Errorf("ParseType(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := incident.ParseType("picnic"); err == nil {
		t.Error("ParseType accepted picnic")
	}
	for in, want := range map[string]string{"Balochistan Liberation Front": "BLF", "the military's media wing": "ISPR", "Levies": "Levies", "blA": "BLA"} {
		if got, ok := incident.LookupActor(in); !ok || got != want {
			t.Errorf("LookupActor(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got := incident.CanonicalActor(" Lashkar X "); got != "Lashkar X" {
		t.Errorf("unknown actor kept as %q", got)
	}
	if v, err := incident.ParseVerification("true"); err != nil || v != incident.Confirmed {
		t.Errorf("ParseVerification(true) = %v, %v", v, err)
	}
	if r := (incident.Range{Low: 20, High: 20, AtLeast: true}).String(); r != "at least 20" {
		t.Errorf("Range.String = %q", r)
	}
}

// TestValidateAccepts pins what the strict rules of issue 15 still let
// through: the edges of every range and ordinary non-ASCII text.
func TestValidateAccepts(t *testing.T) {
	tests := map[string]func(*incident.Incident){
		"date 1900-01-01":     func(in *incident.Incident) { in.Date = incident.MinDate },
		"date a year ahead":   func(in *incident.Incident) { in.Date = incident.MaxDate(time.Now()).Format(time.DateOnly) },
		"urdu title with RLM": func(in *incident.Incident) { in.Title = "تربت میں دھماکہ\u200f" },
		"multiline text":      func(in *incident.Incident) { in.Description = "line one\r\nline two\ttab" },
		"http and https": func(in *incident.Incident) {
			in.Sources = []incident.Source{{Name: "a", URL: "http://x.pk/a"}, {Name: "b", URL: "HTTPS://x.pk/b"}}
		},
		"id with dots":        func(in *incident.Incident) { in.ID = "a..b" },
		"non-ASCII id":        func(in *incident.Incident) { in.ID = "تربت-1" },
		"claims at the limit": func(in *incident.Incident) { in.Claims = slices.Repeat(in.Claims, incident.MaxClaims) },
		"tags at the limit":   func(in *incident.Incident) { in.Tags = slices.Repeat([]string{"x"}, incident.MaxTags) },
		"title at the limit":  func(in *incident.Incident) { in.Title = strings.Repeat("x", incident.MaxTitleBytes) },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			in := valid()
			mutate(in)
			if err := in.Validate(); err != nil {
				t.Errorf("Validate() = %v, want nil", err)
			}
		})
	}
}

func FuzzValidateID(f *testing.F) {
	for _, s := range []string{"T-1", ".", "..", "a\u202eb", "\xff", "تربت-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		in := valid()
		in.ID = id
		err := in.Validate()
		if err == nil {
			if id == "." || id == ".." || !utf8.ValidString(id) || strings.ContainsAny(id, "/?# \x00\u202e\u200b") {
				t.Errorf("Validate accepted id %q", id)
			}
			return
		}
		var fe *incident.FieldError
		if !errors.As(err, &fe) || fe.Field != "id" {
			t.Errorf("id %q: %v, want a FieldError on id", id, err)
		}
	})
}

// Issue 18: "confirmed only" means confirmed figures. An incident whose
// confirmed claim is ISPR's does not show under BLF, whose own claim is
// unverified; and the figures shown are those of the confirmed claims.
func TestFilterVerified(t *testing.T) {
	in := valid()
	in.Claims[0].Status = incident.Confirmed
	in.Claims = append(in.Claims,
		incident.Claim{Actor: "BLF", Kind: incident.KindResponsibility, Status: incident.Unverified, Casualties: killed(12, 12)},
		incident.Claim{Actor: "Dawn", Kind: incident.KindMedia, Status: incident.Independent, Casualties: killed(2, 3)})
	tests := []struct {
		name string
		f    incident.Filter
		want bool
	}{
		{"verified, any claimant", incident.Filter{Verified: true}, true},
		{"verified, the confirming claimant", incident.Filter{Verified: true, Claimants: []string{"ISPR"}}, true},
		{"verified, independent counts", incident.Filter{Verified: true, Claimants: []string{"Dawn"}}, true},
		{"verified, a claimant whose own claim is unverified", incident.Filter{Verified: true, Claimants: []string{"BLF"}}, false},
		{"claimant alone still matches any claim", incident.Filter{Claimants: []string{"BLF"}}, true},
	}
	for _, tt := range tests {
		if got := tt.f.Match(in); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.name, got, tt.want)
		}
	}
	all := incident.DeriveKilled(in.Claims)
	f := incident.Filter{Verified: true}
	r := f.Restrict(in)
	if len(r.Claims) != 2 || r.Claims[0].Actor != "ISPR" || r.Claims[1].Actor != "Dawn" {
		t.Fatalf("Restrict kept %+v, want the ISPR and Dawn claims", r.Claims)
	}
	if len(in.Claims) != 3 {
		t.Errorf("Restrict changed the incident: %d claims", len(in.Claims))
	}
	got := incident.DeriveKilled(r.Claims)
	if got.High >= 12 || got == all {
		t.Errorf("figures of confirmed claims %+v still include the unverified 12 (all claims: %+v)", got, all)
	}
	if (&incident.Filter{}).Restrict(in) != in {
		t.Error("Restrict without Verified copied the incident")
	}
	in.Claims[0].Status, in.Claims[2].Status = incident.Unverified, incident.Denied
	if (&incident.Filter{Verified: true}).Match(in) {
		t.Error("an incident without a confirmed claim matched Verified")
	}
}
