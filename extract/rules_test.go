package extract

import (
	"sort"

	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
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
		{"a patrol is a thing, not people; Urdu words count",
			"QUETTA: A Levies sepoy embraced shahadat while two others were zakhmi when gunmen opened fire on a Levies patrol near Kharan on Friday, Levies sources said.",
			[]string{"Levies: injured security_forces 2, killed security_forces 1"}},
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
		{"a count right after the verb: 'killing two and injuring another two'",
			"A bomb hit a convoy of soldiers in Kech on Monday, killing two and injuring another three, the army said.",
			[]string{"ISPR: injured security_forces 3, killed security_forces 2"}},
		{"'claimed the lives of' counts deaths",
			"A blast on a road in Jhal Magsi on Monday claimed the lives of six people and injured nine, officials said.",
			[]string{"government: injured unspecified 9, killed unspecified 6"}},
		{"a person named with a role speaks for the role's body later",
			"QUETTA: Gunmen attacked a bank in Kharan on Monday.\n" +
				"Deputy Commissioner Nasir Durrani said the attackers fled.\n" +
				"Durrani said two guards were killed in the attack.\n",
			[]string{"government: killed security_forces 2"}},
		{"a person named in apposition speaks for the body",
			"QUETTA: Gunmen attacked a bank in Kharan on Monday.\n" +
				"Nasir Durrani, a spokesman for the provincial government, said the attackers fled.\n" +
				"Durrani told reporters that two guards were killed.\n",
			[]string{"government: killed security_forces 2"}},
		{"two places, two figures: two events said by one speaker",
			"Five people were killed in an attack in Kharan and three others were shot dead in Panjgur, the provincial spokesman said.",
			[]string{"government: killed unspecified 5", "government: killed unspecified 3"}},
		{"a group far from its claim is still the claimant",
			"QUETTA: Gunmen killed two soldiers in Kharan on Monday. The Baloch Liberation Front, which officials call a proxy of foreign agencies, has claimed responsibility for the attack.",
			[]string{"BLF: ; media: killed security_forces 2"}},
		{"'a militant attack' counts no one",
			"Three policemen were killed in a militant attack in Kharan on Monday, officials said.",
			[]string{"government: killed security_forces 3"}},
		{"'both civilians and soldiers' is no count, and a mixed total stays unspecified",
			"Officials said eight people were killed in Kharan on Monday, both civilians and soldiers.",
			[]string{"government: killed unspecified 8"}},
		{"'as many as' stresses the number",
			"As many as four labourers were shot dead in Kharan on Monday, police said.",
			[]string{"police: killed civilians 4"}},
		{"'up to' is a range from zero",
			"Up to four labourers were shot dead in Kharan on Monday, police said.",
			[]string{"police: killed civilians 0-4"}},
		{"an official 'of' a body who told a paper is a speaker",
			"QUETTA: Gunmen killed four labourers in Kharan on Monday, a senior official of the Levies told reporters.",
			[]string{"Levies: killed civilians 4"}},
		{"officials 'speaking to' an agency are speakers",
			"QUETTA: Four security officials, speaking to reporters on condition of anonymity, said three soldiers were killed in Kharan on Monday.",
			[]string{"ISPR: killed security_forces 3"}},
		{"'a major operation' counts no officer",
			"QUETTA: Soldiers killed five militants in a major operation in Kohlu on Monday, the army said.",
			[]string{"ISPR: killed militants 5"}},
		{"'and' or 'while' looks past a long apposition for its outcome",
			"QUETTA: Two policemen were killed while three others, including the station house officer of the city police station, were injured in Kharan on Monday, police said.",
			[]string{"police: injured security_forces 3, killed security_forces 2"}},
		{"an official of a district speaks of that district's event",
			"QUETTA: Gunmen killed two policemen in Kharan on Monday. In a separate incident, a blast injured four soldiers in Kohlu on Monday.\n" +
				"The Kharan deputy commissioner said the policemen were guarding a bank.\n",
			[]string{"government: killed security_forces 2", "media: injured security_forces 4"}},
		{"'Meanwhile' at the same place is an aside",
			"QUETTA: Soldiers killed five militants in an operation in Kohlu on Monday, the army said.\n" +
				"Meanwhile, the interior minister praised the operation in Kohlu, saying the forces killed five terrorists.\n",
			[]string{"ISPR: killed militants 5; government: killed militants 5"}},
		{"'the casualties included' breaks the total down",
			"QUETTA: Nine people were killed when gunmen attacked a checkpoint in Kalat on Monday, police said. Police said the casualties included four policemen and five civilians.",
			[]string{"police: killed civilians 5, killed security_forces 4"}},
		{"a number right before 'including' is a total",
			"QUETTA: Twelve, including five policemen, were killed in an attack in Kalat on Monday, police said.",
			[]string{"police: killed unspecified 12"}},
		{"'N more ... taking the toll to M': the increment is in the toll",
			"QUETTA: Ten people were killed in a blast on a road in Jhal Magsi on Monday, officials said. Officials said three more people died later, taking the death toll to 13.",
			[]string{"government: killed unspecified 13"}},
		{"the wounded of an attack that killed civilians are civilians",
			"QUETTA: Gunmen killed four passengers on a bus in Kalat on Monday and injured six people, police said.",
			[]string{"police: injured civilians 6, killed civilians 4"}},
		{"'N X among M people' is a part of the total",
			"QUETTA: One person died and three policemen among twelve people were injured in a blast in Chaman on Monday, police said.",
			[]string{"police: injured unspecified 12, killed unspecified 1"}},
		{"a claim about the attack stays a claim, however it goes on",
			"QUETTA: Gunmen killed three policemen in Kharan on Monday, police said. The BLF also claimed responsibility for the attack, but reporters could not confirm the statement.",
			[]string{"BLF: ; police: killed security_forces 3"}},
		{"a sentence dated by an earlier month is background",
			"QUETTA: Gunmen killed three policemen in Kharan on Monday, police said. The group's commander was killed in July 2023 with 12 fighters, police said.",
			[]string{"police: killed security_forces 3"}},
		{"media named as the source make a claim without figures",
			"QUETTA: Levies personnel held a rally in Kalat on Monday against the merger, local media reported.",
			[]string{"media: "}},
		{"media that only relay someone else make none",
			"QUETTA: Levies personnel held a rally in Kalat on Monday against the merger, a Levies official told Dawn.",
			[]string{"Levies: "}},
		{"officials who clarify make a claim",
			"QUETTA: Armed men set fire to a construction camp in Kohlu on Monday. District officials later clarified that no worker was abducted.",
			[]string{"government: "}},
		{"a group's statement goes on event by event",
			"QUETTA: The BLF claimed responsibility for an ambush in Kharan on Sunday, saying its fighters killed three soldiers.\n" +
				"In another operation in Panjgur on Monday, a sniper killed one more soldier.\n",
			[]string{"BLF: killed security_forces 3", "BLF: killed security_forces 1"}},
		{"a count of attackers with a purpose is no casualty",
			"QUETTA: Two militants were killed when police resisted an attempt by about fifteen militants to storm a bank in Kharan on Monday, officials said.",
			[]string{"government: killed militants 2"}},
		{"migrants are civilians",
			"QUETTA: The bullet-riddled bodies of nine migrants were found in Kech on Monday, officials said.",
			[]string{"government: killed civilians 9"}},
		{"a speaker who only says where the wounded were taken makes no claim",
			"QUETTA: A bomb injured four policemen in Kharan on Monday, police said. Rescue officials said the injured were shifted to the district hospital.",
			[]string{"police: injured security_forces 4"}},
		{"'all four' repeats the four counted before",
			"QUETTA: Four gunmen stormed a bank in Kharan on Monday and all four militants were killed, police said.",
			[]string{"police: killed militants 4"}},
		{"a total broken down after a dash into one group takes that group",
			"QUETTA: At least three people were killed in an attack in Kharan on Monday - two guards and one policeman, police said.",
			[]string{"police: killed security_forces at least 3"}},
		{"'the terrorist was killed' counts one",
			"QUETTA: The army said the terrorist was killed while another was injured in an exchange of fire in Kohlu on Monday.",
			[]string{"ISPR: injured militants 1, killed militants 1"}},
		{"'the victims were identified as' breaks the total down; a negated word is no outcome",
			"QUETTA: A bomb killed five people in Kharan on Monday, officials said. The victims were identified as Ali Khan, a Levies Risaldar, and three sepoys, along with a civilian driver whose name was not released.",
			[]string{"government: killed civilians 1, killed security_forces 4"}},
		{"the dead of a blast at a market are civilians, told in another sentence",
			"QUETTA: A bomb killed four people in Kharan on Monday, police said. The bomb had been planted near a busy market.",
			[]string{"police: killed civilians 4"}},
		{"but not when soldiers are counted too",
			"QUETTA: A bomb killed four people and two soldiers in Kharan on Monday, police said. The bomb had been planted near a busy market.",
			[]string{"police: killed security_forces 2, killed unspecified 4"}},
		{"an officer killed at a military post is of the forces",
			"QUETTA: Militants attacked a military post in Kohlu on Monday, killing one officer, officials said.",
			[]string{"government: killed security_forces 1"}},
		{"a family member is a civilian",
			"QUETTA: Gunmen shot dead the two sons of a trader in Kharan on Monday, police said.",
			[]string{"police: killed civilians 2"}},
		{"people on a bus are its passengers",
			"QUETTA: Gunmen opened fire on a bus in Kalat on Monday, killing three people, police said.",
			[]string{"police: killed civilians 3"}},
		{"people near a bus, or on a bus that was targeted, are not said to be passengers",
			"QUETTA: A bus was targeted in Kalat on Monday, resulting in the deaths of three people, police said.",
			[]string{"police: killed unspecified 3"}},
		{"people forced to disembark are passengers",
			"QUETTA: Gunmen shot dead five people after forcing them to disembark in Kalat on Monday, police said.",
			[]string{"police: killed civilians 5"}},
		{"a total including a policeman is of mixed people, even at a mosque",
			"QUETTA: A blast at a mosque in Hub on Friday killed five people, including a policeman, and injured twelve, police said.",
			[]string{"police: injured unspecified 12, killed unspecified 5"}},
		{"'no one has so far claimed' leaves the official's statement confirmed",
			"QUETTA: A bomb injured four policemen in Kharan on Monday, the deputy commissioner said. No one has so far claimed responsibility for the blast.",
			[]string{"government: injured security_forces 4"}},
		{"'the officials said' are the officials named before",
			"QUETTA: Gunmen abducted four passengers near Hoshab on Saturday, Levies officials said. The gunmen checked their identity cards and killed one of them, the officials said.",
			[]string{"Levies: killed civilians 1"}},
		{"a denial's speaker does not take the figures of the claim it rejects",
			"QUETTA: Militants attacked a camp in Kohlu on Monday. The army said two soldiers were killed. The BLA claimed that its fighters had killed 8 soldiers, a claim the military rejected.",
			[]string{"BLA: killed security_forces 8; ISPR: killed security_forces 2"}},
		{"a group's statement goes on past a target named by its force",
			"QUETTA: The BLF claimed an attack in Kharan on Sunday, saying its fighters killed three soldiers.\n" +
				"On Monday, its fighters targeted a Frontier Corps convoy in Panjgur, injuring two personnel.\n",
			[]string{"BLF: killed security_forces 3", "BLF: injured security_forces 2"}},
		{"a group's own dead are militants",
			"QUETTA: The BLF said its fighters attacked a post in Kharan on Monday and lost two of its own members in the fighting.",
			[]string{"BLF: killed militants 2"}},
		{"a quote spanning sentences is its speaker's",
			"QUETTA: Militants attacked a Levies post in Kharan on Monday.\n“Two of our personnel were killed. The attackers fled towards the mountains,” a Levies official told reporters.",
			[]string{"Levies: killed security_forces 2"}},
		{"'and 12 others, including two constables, wounded' counts the wounded",
			"QUETTA: The blast in Kharan on Monday left three policemen dead and 12 others, including two constables, wounded, police said.",
			[]string{"police: injured security_forces 12, killed security_forces 3"}},
		{"'others' including people of another group are not all of the first",
			"QUETTA: The blast in Kharan on Monday left three policemen dead and 12 others, including two children, wounded, police said.",
			[]string{"police: injured unspecified 12, killed security_forces 3"}},
		{"'34 lives were lost' counts deaths",
			"QUETTA: As many as 34 lives were lost and dozens were injured in the attack in Kharan on Monday, officials said.",
			[]string{"government: killed unspecified 34"}},
		{"figures in what a denial rejects are the report's own",
			"QUETTA: The BLA denied any role in the killing of three shopkeepers in Kharan on Monday.",
			[]string{"BLA: ; media: killed civilians 3"}},
		{"officials who deny and then say give their own figure",
			"QUETTA: Officials denied the group's claims and said only one soldier was injured in the attack in Kharan on Monday.",
			[]string{"government: injured security_forces 1"}},
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
		{"a dateline on a line of its own starts the body",
			"Deadly attack in the province, four soldiers killed\n\nNew Delhi:\n\nAt least four soldiers were killed in an ambush in Kohlu on Tuesday, officials said.\n",
			[]string{"Kohlu"}},
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
		{"'..., while X claimed a separate attack in B' is a second event",
			"QUETTA: The army said militants killed two soldiers in Kharan on Monday, while the BLF claimed responsibility for a separate attack in Washuk.",
			[]string{"Kharan", "Washuk"}},
		{"one sentence, one day: one event",
			"Gunmen abducted a teacher in Kharan on April 2, and later set his car on fire.",
			[]string{"Kharan"}},
		{"a place name running into a person's name is the person",
			"The bullet-riddled body of Qamber Ali was found in Kharan on Monday, police said.",
			[]string{"Kharan"}},
		{"a sentence opening with a new place moves to the next site",
			"Militants attacked several towns on Monday. Gunmen stormed a bank in Kharan, killing two guards.\n" +
				"In Panjgur, attackers set a police post on fire during the attack.\n",
			[]string{"Kharan", "Panjgur"}},
		{"an undated event after one with figures, then a dated one with figures",
			"The group said its fighters killed two soldiers in Kharan. On Friday, April 4, its fighters killed three more soldiers in Kharan with a roadside bomb.",
			[]string{"Kharan", "Kharan"}},
		{"a recollection opening with an earlier time, and its sequel, are background",
			"QUETTA: Gunmen killed two soldiers in Kharan on Monday, officials said.\n" +
				"Last week, militants stormed a bank in Panjgur. They killed a guard and fled.\n",
			[]string{"Kharan"}},
		{"a subheading starts afresh: a second story's sentences join no event",
			"QUETTA: A bomb killed two soldiers in Kohlu on Monday, officials said.\n\n" +
				"Traders arrested in Lahore\n\n" +
				"Police have arrested five traders in Lahore for hoarding flour, officials said.\n",
			[]string{"Kohlu"}},
		{"an event the lead told, given again in detail under a subheading, is one event",
			"QUETTA: Gunmen shot dead two policemen in Kharan on Monday. In a separate incident, a roadside bomb injured four soldiers in Kohlu on Monday.\n\n" +
				"Kohlu roadside blast\n\n" +
				"Four soldiers were injured when a roadside bomb went off in Kohlu on Monday, the army said.\n",
			[]string{"Kharan", "Kohlu"}},
		{"', where' names the event's place; the place before it is another",
			"QUETTA: Militants struck the town of Kharan and the city of Panjgur, where gunmen killed two guards at a bank on Monday, officials said.",
			[]string{"Kharan", "Panjgur"}},
		{"a sentence referring back to an earlier event's districts goes back to it",
			"QUETTA: The BLF claimed attacks in Kohlu and Sibi on Monday. In a separate incident, gunmen shot dead a trader in Kharan.\n" +
				"The BLF said the attacks in Kohlu and Sibi killed two soldiers.\n",
			[]string{"Kohlu", "Sibi", "Kharan"}},
		{"'the X area' finds the locality the article hid",
			"QUETTA: Gunmen killed two labourers in the Chitkan area on Tuesday, police said. Separately, a bomb injured three soldiers in Kohlu on Tuesday.",
			[]string{"Panjgur", "Kohlu"}},
		{"'it said' does not keep a new place's figures with the event before",
			"QUETTA: Six militants were killed in an operation in Zhob on Monday, the army said. Five more were killed in a raid in Awaran, it said.",
			[]string{"Zhob", "Awaran"}},
		{"a district town's dateline locates an event that names no place",
			"KHARAN: Gunmen shot dead two shopkeepers on Monday evening, police said.",
			[]string{"Kharan"}},
		{"the provincial capital's dateline does not",
			"QUETTA: Gunmen shot dead two shopkeepers on Monday evening, police said.",
			[]string{""}},
		{"what a group 'has carried out' over time is no event",
			"The group, founded two decades ago, has carried out suicide attacks on foreigners in Karachi and Gwadar.",
			nil},
		{"a rally announced for a later day is no event yet",
			"QUETTA: Families of missing persons said they will hold a rally in Turbat on April 20 against enforced disappearances.",
			nil},
		{"a journey's destination is not where the event happened",
			"QUETTA: Gunmen opened fire on a bus travelling from Karachi to Quetta in the Kalat area on Monday, killing three passengers, police said.",
			[]string{"Kalat"}},
		{"cases counted over a period are statistics",
			"The commission said it received 312 cases of enforced disappearance from Kech district during 2024.",
			nil},
		{"a few cases reported on given days are events",
			"QUETTA: Two more cases of enforced disappearance were reported: a student was picked up in Kharan on April 2.",
			[]string{"Kharan"}},
		{"'The X area' at the start of a sentence too",
			"The Chitkan area was where gunmen killed two labourers on Tuesday, police said.",
			[]string{"Panjgur"}},
		{"'he said' is no reference back to the wave's list",
			"The BLF claimed attacks in Kohlu and Sibi.\n" +
				"Its spokesman said that on Monday its fighters attacked a post in Kohlu, killing two soldiers.\n" +
				"He said that on Tuesday, its fighters ambushed a vehicle in Sibi, killing four soldiers.\n",
			[]string{"Kohlu", "Sibi"}},
		{"capturing a post is an armed clash",
			"QUETTA: On Monday, militants captured a Levies checkpost in Kharan and took away weapons, officials said.",
			[]string{"Kharan"}},
		{"a road accident is no incident of the conflict",
			"QUETTA: At least twelve people were injured when a passenger coach overturned near Khuzdar on Monday, rescue officials said.",
			nil},
		{"a bomb that overturned a vehicle is",
			"QUETTA: Two soldiers were killed when a roadside bomb overturned their vehicle near Khuzdar on Monday, officials said.",
			[]string{"Khuzdar"}},
		{"attacks in aggregate make no event",
			"The government closed the highway at night after a surge in attacks on buses in Noshki.",
			nil},
		{"a surge named beside a dated attack keeps the attack",
			"Amid a surge in attacks, gunmen killed three people in Noshki on Monday.",
			[]string{"Nushki"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkCandidates(t, x, tt.text, pub, tt.want, func(c *Candidate) string { return c.Location.District })
		})
	}
}

// TestDateRules checks the date stage on text written for this test.
func TestDateRules(t *testing.T) {
	x := realExtractor(t)
	pub := time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC) // a Thursday
	for _, tt := range []struct {
		name, text string
		want       []string // each candidate's date, "" when unknown
	}{
		{"'on the same day' takes the date of the event before",
			"Gunmen killed two soldiers in Kharan on Monday. Separately, on the same day, militants attacked a police post in Panjgur, killing a constable.",
			[]string{"2025-04-07", "2025-04-07"}},
		{"'separately' alone does not",
			"Gunmen killed two soldiers in Kharan on Monday. Separately, militants attacked a police post in Panjgur, killing a constable.",
			[]string{"2025-04-07", ""}},
		{"'said that on Wednesday, fighters ...' dates the event",
			"QUETTA: The spokesman said that on Wednesday the group's fighters attacked a checkpost in Kharan, killing two soldiers.",
			[]string{"2025-04-09"}},
		{"'a day after the attack' is the day after, not the statement's day",
			"QUETTA: Gunmen shot dead two policemen in Kharan on Tuesday, police said.\nA day after the attack, a grenade hurled at a police station in Kohlu injured three constables, officials said on Thursday.",
			[]string{"2025-04-08", "2025-04-09"}},
		{"'May 13' and 'Feb 3' are dates",
			"QUETTA: Gunmen killed two labourers in Kharan on May 13, police said. Separately, a bomb injured three soldiers in Kohlu on Feb 3.",
			[]string{"2024-05-13", "2025-02-03"}},
		{"the night of the report",
			"Attackers fought the police throughout the night in Kalat, officials said, killing three policemen.",
			[]string{"2025-04-09"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkCandidates(t, x, tt.text, pub, tt.want, func(c *Candidate) string { return c.Date.Date })
		})
	}
}

// checkCandidates extracts text and compares one field of each candidate,
// in order, with want.
func checkCandidates(t *testing.T, x *Extractor, text string, pub time.Time, want []string, field func(c *Candidate) string) {
	t.Helper()
	res, err := x.Extract(text, pub)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range res.Candidates {
		got = append(got, field(&res.Candidates[i]))
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestWaveRules checks that words for a wave make a series whose members
// are the sites described, on text written for this test.
func TestWaveRules(t *testing.T) {
	x := realExtractor(t)
	pub := time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC)
	text := "QUETTA: Militants carried out coordinated attacks in several cities on Thursday, officials said.\n" +
		"The interior minister said 20 militants and six soldiers were killed in the attacks.\n" +
		"In Kharan, gunmen stormed a bank and killed two guards.\n" +
		"In Panjgur, attackers set fire to a police station.\n"
	res, err := x.Extract(text, pub)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.Candidates {
		got = append(got, c.Location.District+" "+c.Date.Date)
	}
	if want := []string{"Kharan 2025-04-10", "Panjgur 2025-04-10"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("candidates %q, want %q", got, want)
	}
	if len(res.SeriesInfo) != 1 {
		t.Fatalf("%d series, want 1", len(res.SeriesInfo))
	}
	sc := res.SeriesInfo[0]
	if len(sc.Claims) == 0 || sc.Claims[0].Casualties[incident.Militants].Killed == nil {
		t.Errorf("series claims %+v: want the minister's wave-wide figures", sc.Claims)
	}
	if len(sc.Members) != 2 {
		t.Errorf("series members %v, want the two sites", sc.Members)
	}
	for _, c := range res.Candidates {
		if c.Series != sc.ID || len(c.Claims) > 0 && c.Claims[0].Casualties[incident.Militants].Killed != nil {
			t.Errorf("site %s: series %q, claims %+v: want a member without the wave's figures", c.Location.District, c.Series, c.Claims)
		}
	}
}

// TestTypeRules checks the type stage on text written for this test.
func TestTypeRules(t *testing.T) {
	x := realExtractor(t)
	pub := time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, text string
		want       incident.Type
	}{
		{"gunmen killing only civilians is a targeted killing",
			"QUETTA: Gunmen attacked a labourers' camp in Kharan on Monday, killing six labourers, police said.", incident.TypeTargetedKilling},
		{"an attack that kills soldiers stays a clash",
			"QUETTA: Militants attacked a checkpoint in Kharan on Monday, killing two soldiers, officials said.", incident.TypeArmedClash},
		{"a sit-in against disappearances is a protest",
			"QUETTA: Hundreds of people staged a sit-in in Turbat on Monday against the enforced disappearance of students.", incident.TypeProtest},
		{"weapons seized after an attack do not make it an abduction",
			"QUETTA: Militants attacked a Levies post in Kalat on Monday, killed two guards and seized their weapons, officials said.", incident.TypeArmedClash},
		{"a mobile tower near the scene does not make it an attack on infrastructure",
			"QUETTA: Gunmen shot dead two labourers near a mobile tower in Kharan on Monday, police said.", incident.TypeTargetedKilling},
		{"attackers who blow up their explosive vests make a suicide attack",
			"QUETTA: Three attackers stormed a training centre in Kharan on Monday and blew up their explosive vests, killing five guards, officials said.", incident.TypeSuicideAttack},
		{"destroyed surveillance cameras are an attack on infrastructure",
			"QUETTA: Militants destroyed surveillance cameras outside the deputy commissioner's office in Kharan on Friday night, officials said.", incident.TypeInfrastructure},
		{"civilians killed with no other cue is a targeted killing",
			"QUETTA: Police said the killing of two labourers in Kharan on Monday was being investigated.", incident.TypeTargetedKilling},
		{"rockets fired at a post in an attack are a clash",
			"QUETTA: Militants targeted a checkpost in Kharan with rockets on Monday, killing two soldiers, officials said.", incident.TypeArmedClash},
		{"'targeted' says less than a blast",
			"QUETTA: Four people were killed in a blast in Kharan on Monday. A passenger van was targeted on the main road, police said.", incident.TypeBombing},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := x.Extract(tt.text, pub)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Candidates) != 1 || res.Candidates[0].Type != tt.want {
				var got []incident.Type
				for _, c := range res.Candidates {
					got = append(got, c.Type)
				}
				t.Errorf("types %v, want [%s]", got, tt.want)
			}
		})
	}
}

// TestNoClaimKeepsStatus checks that "no one has so far claimed" lowers no
// other claim's status.
func TestNoClaimKeepsStatus(t *testing.T) {
	x := realExtractor(t)
	res, err := x.Extract("QUETTA: A bomb injured four policemen in Kharan on Monday, the deputy commissioner said. No one has so far claimed responsibility for the blast.", time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Candidates) != 1 || len(res.Candidates[0].Claims) != 1 {
		t.Fatalf("candidates %+v", res.Candidates)
	}
	if cl := res.Candidates[0].Claims[0]; cl.Status != incident.Confirmed {
		t.Errorf("the deputy commissioner's claim is %s, want confirmed", cl.Status)
	}
}

// TestVagueFigures checks that a count given only in words gives no number
// and is kept, in its words, in the draft's notes.
func TestVagueFigures(t *testing.T) {
	x := realExtractor(t)
	res, err := x.Extract("QUETTA: Two soldiers were killed and dozens of people were injured in a blast in Kharan on Monday, officials said.", time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if got := claimSummary(res); strings.Join(got, "|") != "government: killed security_forces 2" {
		t.Errorf("claims %q: want only the soldiers counted", got)
	}
	if len(res.Candidates) != 1 || !strings.Contains(res.Candidates[0].Incident().Description, `"dozens of people" (injured)`) {
		t.Errorf("the draft's notes do not keep the words: %+v", res.Candidates)
	}
}
