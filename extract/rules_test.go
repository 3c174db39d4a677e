package extract

import (
	"sort"
	"strings"
	"testing"
	"time"
)

// claimSummary renders a result's claims as "actor: killed group figure;
// ..." per candidate, sorted, for compact expectations.
func claimSummary(res *Result) []string {
	var out []string
	for _, c := range res.Candidates {
		var parts []string
		for _, cl := range c.Claims {
			var fs []string
			for g, x := range cl.Casualties {
				if x.Killed != nil {
					fs = append(fs, "killed "+string(g)+" "+x.Killed.String())
				}
				if x.Injured != nil {
					fs = append(fs, "injured "+string(g)+" "+x.Injured.String())
				}
			}
			sort.Strings(fs)
			parts = append(parts, cl.Actor+": "+strings.Join(fs, ", "))
		}
		sort.Strings(parts)
		out = append(out, strings.Join(parts, "; "))
	}
	return out
}

// TestRules checks the general rules on sentences written for this test.
// Each case lists, per candidate, "actor: figures" of its claims.
func TestRules(t *testing.T) {
	x := realExtractor(t)
	pub := time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, text string
		want       []string
	}{
		{"a speaker named by a group noun is no casualty",
			"Gunmen attacked a Levies post in Kharan on Monday, killing two guards. A district official said the attackers escaped.",
			[]string{"government: killed security_forces 2"}},
		{"a senior officer inside an actor name is a casualty when no verb of saying follows",
			"A senior police officer was shot dead in Panjgur on Sunday. Police said an investigation was under way.",
			[]string{"police: killed security_forces 1"}},
		{"a post is a thing, not people",
			"Armed men stormed a Levies check post in Kalat on Tuesday and killed a Levies official.",
			[]string{"media: killed security_forces 1"}},
		{"the lead's figures go to the official who speaks next",
			"Three labourers were shot dead at a construction site in Gwadar on Monday.\nThe deputy commissioner said the men came from another province.",
			[]string{"government: killed civilians 3"}},
		{"a lead with its own verb of saying keeps its figures",
			"Three labourers were shot dead at a construction site in Gwadar on Monday, it was reported.\nThe deputy commissioner said the men came from another province.",
			[]string{"government: ; media: killed civilians 3"}},
		{"a speaker who gives figures keeps them, and the lead stays the report's own",
			"Four people were injured in a grenade blast in Turbat on Monday.\nPolice said five people were hurt.",
			[]string{"media: injured unspecified 4; police: injured unspecified 5"}},
		{"an outcome word before 'of' or 'to' counts the number after it",
			"A bomb hit a van on the road near Dalbandin on Friday, resulting in the deaths of four people and injuries to nine others, police said.",
			[]string{"police: injured unspecified 9, killed unspecified 4"}},
		{"a toll that has reached a number updates the first",
			"Two people were killed in a blast in Sibi on Monday. Police said the death toll had reached six.",
			[]string{"media: killed unspecified 2; police: killed unspecified 6"}},
		{"a body's sources speak for the body",
			"Edhi sources said three people died when a bomb went off in Hub on Monday.",
			[]string{"local: killed unspecified 3"}},
		{"a bare count takes the people counted in the sentence before",
			"Militants hurled a grenade at a checkpoint in Nushki on Monday, where five soldiers were on duty. One was killed and two were injured, the group said in a statement.",
			[]string{"media: injured security_forces 2, killed security_forces 1"}},
		{"'another' takes the group named before it",
			"One insurgent was killed while another was wounded in a clash in Awaran on Monday, officials said.",
			[]string{"government: injured militants 1, killed militants 1"}},
		{"'another four' counts four",
			"Two soldiers were killed in an ambush in Kohlu on Monday. Another four were injured, the army said.",
			[]string{"ISPR: injured security_forces 4; media: killed security_forces 2"}},
		{"a later breakdown that adds up replaces the total",
			"Eight people were killed when gunmen attacked a hotel in Kalat on Monday, police said. Police said the dead were three policemen and five labourers.",
			[]string{"police: killed civilians 5, killed security_forces 3"}},
		{"a later count of unspecified people repeats the first",
			"Six soldiers were killed in an ambush in Kohlu on Monday, the army said. The army said six people died in the attack.",
			[]string{"ISPR: killed security_forces 6"}},
		{"a later part of one group says who the total's people were",
			"Two people were killed in a blast in Hub on Monday, officials said. Officials said one shopkeeper died on the spot.",
			[]string{"government: killed civilians 2"}},
		{"militants killed are not part of the victims' total",
			"Nine people were killed in an attack on a camp in Zhob on Monday, police said. Police said four attackers were also killed.",
			[]string{"police: killed militants 4, killed unspecified 9"}},
		{"a passive report goes on with the latest speaker; later clauses share it",
			"QUETTA: The rights group Paank said on Friday that abductions went on across the province.\n" +
				"Two more cases were reported: a student was abducted in Kharan on April 2, and a driver was picked up in Panjgur on April 4.",
			[]string{"Paank: ", "Paank: "}},
		{"a toll no higher than the speaker's own is no update",
			"At least six people were killed in a blast in Loralai on Monday, officials said. An official said the toll from the explosion had risen to five.",
			[]string{"government: killed unspecified at least 6"}},
		{"a toll update far from 'toll' still counts deaths",
			"Three people were killed in a blast in Loralai on Monday, officials said. An official said the toll from the explosion in the market had risen to eight.",
			[]string{"government: killed civilians 8"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := x.Extract(tt.text, pub)
			if err != nil {
				t.Fatal(err)
			}
			if got := claimSummary(res); strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestEventRules checks which sentences make events, on text written for
// this test: the districts of the candidates, in order.
func TestEventRules(t *testing.T) {
	x := realExtractor(t)
	pub := time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, text string
		want       []string
	}{
		{"a bulleted list in the body recalls past attacks",
			"QUETTA: Gunmen killed two labourers in Turbat on Wednesday, police said.\n" +
				"Recent attacks:\n" +
				"- Kalat: four soldiers killed in an ambush.\n" +
				"- Panjgur: a teacher shot dead.\n",
			[]string{"Kech"}},
		{"a single dash line is no list",
			"QUETTA: Gunmen killed two labourers in Turbat on Wednesday, police said.\n" +
				"- In Kalat, four soldiers were killed in a separate ambush on Wednesday.\n",
			[]string{"Kech", "Kalat"}},
		{"a place the text puts elsewhere is a namesake",
			"A bomb killed three policemen near Kolachi, in Dera Ismail Khan, on Monday, officials said.\n" +
				"Police said the attackers had waited near Kolachi for the patrol.\n",
			[]string{"D. I. Khan"}},
		{"names after 'identified as' are people",
			"Soldiers killed four militants in Harnai on Monday, officials said. Two of the militants killed were identified as Taj Muhammad and Sher Khan.",
			[]string{"Harnai"}},
		{"an aside about the same blast is no new event",
			"Five people were killed in a blast in Sibi on Monday, officials said.\n" +
				"Separately, a hospital doctor said the blast had also wounded eleven people.\n" +
				"Meanwhile, the home minister said the explosion was caused by a planted device.\n",
			[]string{"Sibi"}},
		{"'separately' with a place of its own is a new event",
			"Five people were killed in a blast in Sibi on Monday, officials said.\n" +
				"Separately, gunmen shot dead a shopkeeper in Kharan, police said.\n",
			[]string{"Sibi", "Kharan"}},
		{"one sentence, two days, two places: two events",
			"Gunmen abducted a teacher in Kharan on April 2, and a shopkeeper was taken from his shop in Panjgur on April 4.",
			[]string{"Kharan", "Panjgur"}},
		{"one sentence, one day: one event",
			"Gunmen abducted a teacher in Kharan on April 2, and later set his car on fire.",
			[]string{"Kharan"}},
		{"a place name running into a person's name is the person",
			"The bullet-riddled body of Qamber Ali was found in Kharan on Monday, police said.",
			[]string{"Kharan"}},
		{"attacks in aggregate make no event",
			"The government closed the highway at night after a surge in attacks on buses in Noshki.",
			nil},
		{"a surge named beside a dated attack keeps the attack",
			"Amid a surge in attacks, gunmen killed three people in Noshki on Monday.",
			[]string{"Nushki"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := x.Extract(tt.text, pub)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range res.Candidates {
				got = append(got, c.Location.District)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
