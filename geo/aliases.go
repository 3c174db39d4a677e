package geo

// alias is a known variant that the normalisation rules of Key do not cover.
// Target is a district id, a tehsil pcode, a place id or "balochistan".
type alias struct {
	name   string
	kind   Kind
	target string
}

// aliases is the explicit alias table: spellings and older or informal names
// used in news reports. Each line names one target; the same name may point
// to several targets (it is then ambiguous and ranked).
var aliases = []alias{
	// Districts
	{"Kej", KindDistrict, "kech"},
	{"Kech Turbat", KindDistrict, "kech"},
	{"Turbat district", KindDistrict, "kech"},
	{"Bolan", KindDistrict, "kachhi"},
	{"Kachhi Bolan", KindDistrict, "kachhi"},
	{"Kachi", KindDistrict, "kachhi"},
	{"Las Bela", KindDistrict, "lasbela"},
	{"Lus Bela", KindDistrict, "lasbela"},
	{"Lasbella", KindDistrict, "lasbela"},
	{"Noshki", KindDistrict, "nushki"},
	{"Nushki", KindDistrict, "nushki"},
	{"Soorab", KindDistrict, "surab"},
	{"Sorab", KindDistrict, "surab"},
	{"Shaheed Sikandar Abad", KindDistrict, "surab"},
	{"Sikandarabad", KindDistrict, "surab"},
	{"Khozdar", KindDistrict, "khuzdar"},
	{"Kuzdar", KindDistrict, "khuzdar"},
	{"Kwatta", KindDistrict, "quetta"},
	{"Kwetta", KindDistrict, "quetta"},
	{"Dera Bugti", KindDistrict, "dera-bugti"},
	{"Bugti", KindDistrict, "dera-bugti"},
	{"Chaghai", KindDistrict, "chagai"},
	{"Chaghi", KindDistrict, "chagai"},
	{"Kholu", KindDistrict, "kohlu"},
	{"Musa Khail", KindDistrict, "musakhel"},
	{"Musakhail", KindDistrict, "musakhel"},
	{"Dukki", KindDistrict, "duki"},
	{"Gawadar", KindDistrict, "gwadar"},
	{"Gwader", KindDistrict, "gwadar"},
	{"Washuk", KindDistrict, "washuk"},
	{"Wasuk", KindDistrict, "washuk"},
	{"Jhal Magsi", KindDistrict, "jhal-magsi"},
	{"Jaffarabad", KindDistrict, "jafarabad"},
	{"Usta Mohammad", KindDistrict, "usta-muhammad"},
	{"Ustad Mohammad", KindDistrict, "usta-muhammad"},
	{"Naseerabad", KindDistrict, "nasirabad"},
	{"Hub Chowki", KindDistrict, "hub"},
	{"Hab Chauki", KindDistrict, "hub"},
	{"Lehri", KindDistrict, "lehri"},
	{"Lahri", KindDistrict, "lehri"},
	{"Qila Abdullah", KindDistrict, "killa-abdullah"},
	{"Qilla Saifullah", KindDistrict, "killa-saifullah"},
	{"Sherani", KindDistrict, "sherani"},
	{"Zhobe", KindDistrict, "zhob"},
	{"Panjgoor", KindDistrict, "panjgur"},
	{"Punjgur", KindDistrict, "panjgur"},
	{"Awarun", KindDistrict, "awaran"},
	// Tehsils
	{"Parom", KindTehsil, "PK22402"},
	{"Jhao", KindTehsil, "PK20102"},
	{"Nokundi", KindTehsil, "PK20302"},
	// Province
	{"Baluchistan", KindProvince, "balochistan"},
	{"Beluchistan", KindProvince, "balochistan"},
	{"Balochistan province", KindProvince, "balochistan"},
	{"Baloch province", KindProvince, "balochistan"},
}
