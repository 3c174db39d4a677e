// i18n.js holds every interface string of the page in a message table, in
// English and Urdu, and formats numbers and dates for the page's language
// with Intl. The page's language comes from ?lang= (en or ur), else from
// the reader's last choice (localStorage), else English. Urdu is written
// right to left: setLang sets <html lang dir>.
//
// Messages are looked up by key; {name} in a message is replaced by the
// value given for it (numbers formatted for the language). Text goes into
// the page as text (textContent), never as HTML.

export const LANGS = ['en', 'ur'];
const LOCALE = { en: 'en-GB', ur: 'ur-PK' };
const STORE_KEY = 'incidentmap.lang';

const en = {
  // page and header
  pageTitle: 'incidentmap: conflict incidents in Balochistan',
  skip: 'Skip to map',
  tagline: 'conflict incidents in Balochistan',
  mapActions: 'Map actions',
  filtersToggle: 'Filters & legend',
  embed: 'Embed',
  download: 'Download',
  snapshot: 'Snapshot',
  language: 'Language',
  theme: 'Theme',
  themeAuto: 'Auto (as the system)',
  themeLight: 'Light',
  themeDark: 'Dark',
  // filters
  panel: 'Filters and legend',
  searchLabel: 'Search places, claimants or text',
  searchPlaceholder: 'Turbat, N-25 near Mastung, BLF, ambush',
  searchHint: 'Enter takes the first suggestion: a place moves the map, a claimant filters to its claims, text filters the incidents.',
  suggestions: 'Suggestions',
  verification: 'Verification',
  everything: 'Everything',
  confirmedOnly: 'Confirmed only',
  unverifiedOnly: 'Unverified claims only',
  confirmedHint: "Confirmed only: figures confirmed by another party or independently verified. An incident shows under a claimant only when that claimant's own claim is confirmed, and the figures, counts, district shading and downloads count confirmed claims only (the API's verified=confirmed).",
  verifiedNote: 'Confirmed only: the counts are of claims confirmed by another party or independently verified; unverified and denied claims are left out, and so are their figures.',
  incidentType: 'Incident type',
  allTypes: 'All types',
  where: 'Where',
  regionAll: 'Balochistan and beyond',
  regionIn: 'In Balochistan only',
  regionOut: 'Outside Balochistan only',
  shading: 'District shading',
  shadingNone: 'None',
  shadingIncidents: 'Incidents per district',
  shadingKilled: 'Killed per district (best estimate)',
  online: 'Online background map: {name} (needs internet)',
  onlineDefault: 'Online background map (needs internet)',
  onlineError: 'The online background map cannot load (no internet connection, or its tile server is blocked). The offline basemap is shown instead.',
  // legend
  claimants: 'Claimants',
  claimantsHint: 'Show incidents with a claim by:',
  all: 'all',
  none: 'none',
  symbols: 'Symbols',
  symPoint: 'Incident located to a town, village or exact spot',
  symDistrict: 'Located only to a district: somewhere in that district (hover to see it)',
  symProvince: 'Located only to a province (Balochistan, or one beyond it)',
  symDisputed: 'The claims give different figures (disputed); the details show who said what',
  symCluster: "Group of nearby incidents; colours show the claimants' shares. Select to zoom in or list them",
  districts: 'Districts',
  districtsCaption: 'Incidents per district under the current filter',
  colDistrict: 'District',
  colIncidents: 'Incidents',
  colKilled: 'Killed (best)',
  inView: 'Incidents in view',
  // the incident feed
  list: 'List',
  feedClose: 'Close the incident list',
  feedHint: 'Newest first. Select an incident to open it and mark it on the map; arrow keys move through the list.',
  feedMore: 'Show more',
  feedNone: 'No incidents in view under the filters.',
  feedLatest: 'The latest {shown} of {n} incidents in view.',
  feedFailed: 'Could not load the incidents: {error}',
  feedSources: 'Sources: ',
  feedKilled: '{n} killed',
  feedDisputed: '{low}–{high} killed (figures disputed; best estimate {best})',
  dateUnknown: 'Date unknown',
  credits: 'Data and credits',
  creditsIntro: 'Each claim is shown separately: who said it, what they claimed, and whether anyone confirmed it. Figures from different parties are never added together.',
  noIncidentsFilter: 'no incidents under the current filter',
  legend: 'Legend',
  // map
  mapLabel: 'Map of incidents. Use arrow keys to pan, plus and minus to zoom, Tab to reach incidents.',
  closeDetails: 'Close details',
  loading: 'Loading incidents…',
  loadFailed: 'Could not load incidents: {error}',
  inViewCount: '{n} incidents in view',
  inViewCountOne: '{n} incident in view',
  groups: ' ({n} groups)',
  groupsOne: ' ({n} group)',
  capped: '; only the {max} largest of {all} symbols are drawn: zoom in or narrow the filters',
  clusterLabel: '{n} incidents',
  clusterAround: '{n} incidents around {district}',
  disputedLabel: 'figures disputed: {low} to {high} killed',
  basemapFailed: 'The basemap could not load: {error}',
  startFailed: 'The map could not start: {error}',
  incidentsHere: '{n} incidents here',
  listFailed: 'Could not list the incidents: {error}',
  showing: 'Showing {shown} of {total}. Zoom in or narrow the filters to see the rest.',
  total: '{n} incidents',
  totalOne: '{n} incident',
  // precision of a place
  precExact: 'exact location',
  precTown: 'located to town or village',
  precTehsil: 'located to tehsil level',
  precRoute: 'located to a stretch of road or railway',
  precDistrict: 'located to district level',
  precProvince: 'located only to province level',
  // search
  kindPlace: 'Place',
  kindClaimant: 'Claimant',
  kindText: 'Text',
  placeTown: 'Town',
  placeVillage: 'Village',
  placeDistrict: 'District',
  placeTehsil: 'Tehsil',
  placeProvince: 'Province',
  placeRoute: 'Road',
  placeCountry: 'Country',
  textSuggestion: 'Incidents mentioning “{q}”',
  textSuggestionSub: 'title, description, place, tags',
  claimantSub: '{n} incidents',
  noteClaimant: 'Showing incidents with a claim by {id}.',
  noteText: 'Incidents whose title, description, place or tags contain “{q}”.',
  notePlace: 'Map moved to {place}. The filters are unchanged.',
  // filter summary (captions, snapshots)
  allIncidents: 'all incidents',
  balochistan: 'Balochistan',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  sumVerified: 'confirmed figures only',
  start: 'start',
  today: 'today',
  fromFirstIncident: 'from the first incident',
  allLower: 'all',
  allDatesLower: 'all dates',
  allSpan: 'all, {span}',
  moreNoIncidents: '{n} more claimants with no incidents under these filters',
  districtLevel: 'district-level',
  confirmedFiguresOnly: 'Confirmed figures only',
  noIncidentsTable: 'No incidents under the current filter.',
  noClaimantSelected: 'No claimant selected',
  totalMatch: '{n} incidents match the filters',
  totalMatchOne: '{n} incident matches the filters',
  listLatest: 'The latest {limit} of {n} incidents in view.',
  listAll: '{n} incidents in view.',
  embedFrameTitle: 'Map of conflict incidents in Balochistan (incidentmap)',
  notAvailable: 'Incident not available',
  noSuchIncident: 'No published incident with id {id}.',
  backgroundCredit: ' Background map: {credit}.',
  sumClaimants: 'claimants: {list}',
  sumType: 'type: {type}',
  sumStatus: 'status: {status}',
  sumIn: 'in Balochistan',
  sumOutside: 'outside Balochistan',
  sumText: 'text: {q}',
  sumSeries: 'series: {series}',
  sumDistrict: 'district: {district}',
  range: '{from} to {to}',
  firstIncident: 'the first incident',
  latest: 'the latest',
  allDatesSpan: 'all dates, {span}',
  dates: 'Dates: {dates}',
  captionTitle: 'Conflict incidents in Balochistan',
  openFull: 'Open the full map ↗',
  // snapshot
  snapshotDrawing: 'Drawing the snapshot…',
  snapDistrictOnly: 'located only to a district',
  snapDisputed: 'figures disputed',
  snapShading: 'district shading:',
  snapKm: '{n} km',
  // The credits drawn under a snapshot (the same as the page's credits
  // paragraph, which stays in English on the page).
  snapCredits: "Administrative boundaries: Pakistan COD-AB, OCHA / WFP, via HDX, CC BY-IGO 3.0 (simplified; Hub and Usta Muhammad districts regrouped from COD tehsils). Provinces of Iran and Afghanistan: Who's On First (licence: github.com/whosonfirst-data/whosonfirst-data/blob/master/LICENSE.md), including Quattroshapes (CC BY) and Mesoshapes (CC0) geometry. Places: GeoNames (geonames.org), CC BY 4.0; data from Who's On First. Highways and railways: drawn through the towns on their routes, listed by hand from public route descriptions. Sea, countries, lakes, rivers, ranges and deserts, and the Urdu names of countries, seas, ranges and the neighbouring provinces: Natural Earth (naturalearthdata.com), public domain.",
  attrBoundaries: "Boundaries",
  attrIranAfghanistan: "Iran, Afghanistan",
  attrPlaces: "Places",
  attrNaturalEarth: "Sea, countries, rivers, ranges",
  snapshotSaved: 'Snapshot saved as incidentmap.png',
  snapshotFailed: 'Snapshot failed: {error}',
  // timeline
  timeline: 'Timeline',
  play: 'Play through time',
  pause: 'Pause',
  speed: 'Speed',
  step1: '1 month a step',
  step3: '3 months a step',
  step12: '1 year a step',
  from: 'From',
  to: 'to',
  allDates: 'All dates',
  firstMonth: 'First month',
  lastMonth: 'Last month',
  tlMonth: 'Month',
  tlYear: 'Year',
  tlNone: 'No incidents in the timeline',
  tlAll: 'All dates ({span})',
  perMonth: '{n} per month',
  // dialogs
  embedTitle: 'Embed this map',
  embedText: 'Paste this into a web page or report. It shows the current view and filters.',
  embedCode: 'Embed code',
  copy: 'Copy',
  copied: 'Copied',
  openEmbed: 'Open embed page',
  close: 'Close',
  downloadTitle: 'Download the incidents',
  downloadText: 'All incidents matching the current filters (not only those in view).',
  forGIS: ' (for QGIS and web maps)',
  forSheets: ' (for spreadsheets)',
  // details
  untitled: '(untitled incident)',
  date: 'Date',
  type: 'Type',
  place: 'Place',
  series: 'Series',
  showSeries: 'show its incidents',
  killed: 'Killed',
  killedNote: ' (derived from the claims below; contradicting claims are alternatives, never added)',
  bestRange: 'best estimate {best} (range {low}–{high})',
  districtOf: '{district} district',
  precisionUnknown: 'precision unknown',
  disputedNote: ' Figures disputed: the claims give from {low} to {high} killed.',
  whoSaidWhat: 'Who said what',
  whoSaidWhatSide: 'Who said what, side by side',
  colWho: 'Who',
  colFigures: 'Figures',
  colStatus: 'Status',
  colSource: 'Source',
  derived: 'Derived: low {low} · best {best} · high {high} killed. ',
  derivedRule: 'Low and best come from the most trusted claims with a figure (independently verified, else confirmed, else unverified): low is their smallest figure, best their smallest single figure; high is the largest figure any claim gives. Contradicting claims are alternatives and are never added together; denials and claims without figures are left out.',
  claimAsStated: 'The claim as stated',
  claimsAsStated: 'Claims ({n}), each as stated',
  noClaims: 'No claims recorded.',
  seriesClaims: 'Claims about the whole series',
  seriesClaimsNamed: 'Claims about the whole series “{name}”',
  seriesNote: 'These statements cover the whole campaign, not this incident alone; their figures are not added to it.',
  description: 'Description',
  incidentId: 'Incident {id}',
  revision: ' · revision {n}',
  updated: ' · updated {date}',
  permalink: 'permalink',
  statusLabel: 'Status: ',
  sourceLabel: 'Source: ',
  statement: 'statement',
  deniesClaim: 'Denies the claim',
  noCasualties: 'No casualty figures given',
  denies: 'denies',
  noFigures: 'no figures given',
  figDisputed: ' figures disputed ({low}–{high} killed)',
  nKilled: '{n} killed',
  nInjured: '{n} injured',
  groupKilled: '{n} {group} killed',
  groupInjured: '{n} {group} injured',
  groupLine: '{group}: {parts}',
  atLeast: 'at least {n}',
  monthOnly: '{month} (month known, not the day)',
  yearOnly: '{year} (year known, not the month)',
  someDay: 'some day between {from} and {to} (exact day not known)',
  // claim sentences
  sClaims: '{who} claims {figs}',
  sSays: '{who} says {figs}',
  sReports: '{who} reports {figs}',
  sVerified: '{who} verified {figs}',
  sDenies: '{who} denies',
  sDeniesSays: '{who} denies; says {figs}',
  sResponsibility: '{who} claims responsibility, no figures',
  sNoFigures: '{who}: no figures given',
  sStatus: '{s} ({status})',
  unknown: 'unknown',
};

// Urdu. Proper names (BLF, ISPR, N-25, GeoNames) and the API's own words
// (status=confirmed,independent) stay as they are.
const ur = {
  pageTitle: 'incidentmap: بلوچستان میں تنازع کے واقعات',
  skip: 'نقشے پر جائیں',
  tagline: 'بلوچستان میں تنازع کے واقعات',
  mapActions: 'نقشے کے اختیارات',
  filtersToggle: 'فلٹر اور علامات',
  embed: 'ایمبیڈ',
  download: 'ڈاؤن لوڈ',
  snapshot: 'تصویر',
  language: 'زبان',
  theme: 'تھیم',
  themeAuto: 'خودکار (سسٹم کے مطابق)',
  themeLight: 'روشن',
  themeDark: 'تاریک',
  panel: 'فلٹر اور علامات',
  searchLabel: 'مقامات، دعوے داروں یا متن میں تلاش کریں',
  searchPlaceholder: 'تربت، مستونگ کے قریب N-25، BLF، گھات',
  searchHint: 'Enter دبانے سے پہلی تجویز چنی جاتی ہے: مقام چننے پر نقشہ وہاں جاتا ہے، دعوے دار چننے پر صرف اس کے دعوے دکھائے جاتے ہیں، اور متن سے واقعات چھانٹے جاتے ہیں۔',
  suggestions: 'تجاویز',
  verification: 'تصدیق',
  everything: 'سب',
  confirmedOnly: 'صرف تصدیق شدہ',
  unverifiedOnly: 'صرف غیر تصدیق شدہ دعوے',
  confirmedHint: 'صرف تصدیق شدہ: وہ اعداد جن کی تصدیق کسی دوسرے فریق نے کی ہو یا آزادانہ طور پر ہوئی ہو۔ کوئی واقعہ کسی دعوے دار کے تحت صرف اس وقت دکھایا جاتا ہے جب اس کا اپنا دعویٰ تصدیق شدہ ہو، اور اعداد، گنتی، اضلاع کی رنگت اور ڈاؤن لوڈ صرف تصدیق شدہ دعووں کو شمار کرتے ہیں (API میں verified=confirmed)۔',
  verifiedNote: 'صرف تصدیق شدہ: گنتی صرف ان دعووں کی ہے جن کی تصدیق کسی دوسرے فریق نے کی ہو یا آزادانہ طور پر ہوئی ہو؛ غیر تصدیق شدہ اور تردید شدہ دعوے اور ان کے اعداد شامل نہیں۔',
  incidentType: 'واقعے کی قسم',
  allTypes: 'تمام اقسام',
  where: 'کہاں',
  regionAll: 'بلوچستان اور اس سے باہر',
  regionIn: 'صرف بلوچستان میں',
  regionOut: 'صرف بلوچستان سے باہر',
  shading: 'اضلاع کی رنگت',
  shadingNone: 'کوئی نہیں',
  shadingIncidents: 'فی ضلع واقعات',
  shadingKilled: 'فی ضلع ہلاکتیں (بہترین اندازہ)',
  online: 'آن لائن پس منظر کا نقشہ: {name} (انٹرنیٹ درکار ہے)',
  onlineDefault: 'آن لائن پس منظر کا نقشہ (انٹرنیٹ درکار ہے)',
  onlineError: 'آن لائن پس منظر کا نقشہ لوڈ نہیں ہو سکا (انٹرنیٹ کنکشن نہیں ہے، یا اس کے ٹائل سرور تک رسائی بند ہے)۔ اس کی جگہ آف لائن نقشہ دکھایا جا رہا ہے۔',
  claimants: 'دعوے دار',
  claimantsHint: 'ان کے دعووں والے واقعات دکھائیں:',
  all: 'سب',
  none: 'کوئی نہیں',
  symbols: 'علامات',
  symPoint: 'واقعہ جس کا شہر، گاؤں یا عین مقام معلوم ہے',
  symDistrict: 'صرف ضلع معلوم ہے: اس ضلع میں کہیں (ضلع دیکھنے کے لیے علامت پر کرسر لائیں)',
  symProvince: 'صرف صوبہ معلوم ہے (بلوچستان، یا اس سے باہر کوئی صوبہ)',
  symDisputed: 'دعووں میں اعداد مختلف ہیں (متنازع)؛ تفصیلات میں ہے کہ کس نے کیا کہا',
  symCluster: 'قریبی واقعات کا گروہ؛ رنگ دعوے داروں کا حصہ دکھاتے ہیں۔ قریب سے دیکھنے یا فہرست کے لیے منتخب کریں',
  districts: 'اضلاع',
  districtsCaption: 'موجودہ فلٹر کے تحت فی ضلع واقعات',
  colDistrict: 'ضلع',
  colIncidents: 'واقعات',
  colKilled: 'ہلاکتیں (بہترین اندازہ)',
  inView: 'نقشے پر نظر آنے والے واقعات',
  list: 'فہرست',
  feedClose: 'واقعات کی فہرست بند کریں',
  feedHint: 'تازہ ترین پہلے۔ کسی واقعے کو کھولنے اور نقشے پر نشان زد کرنے کے لیے اسے منتخب کریں؛ تیر والی کلیدوں سے فہرست میں آگے پیچھے جائیں۔',
  feedMore: 'مزید دکھائیں',
  feedNone: 'فلٹرز کے تحت نقشے پر کوئی واقعہ نہیں۔',
  feedLatest: 'نقشے پر {n} واقعات میں سے تازہ ترین {shown}۔',
  feedFailed: 'واقعات لوڈ نہیں ہو سکے: {error}',
  feedSources: 'ذرائع: ',
  feedKilled: '{n} ہلاک',
  feedDisputed: '{low}–{high} ہلاک (اعداد متنازع؛ بہترین اندازہ {best})',
  dateUnknown: 'تاریخ نامعلوم',
  credits: 'ڈیٹا اور حوالہ جات',
  creditsIntro: 'ہر دعویٰ الگ دکھایا جاتا ہے: کس نے کہا، کیا دعویٰ کیا، اور کیا کسی نے اس کی تصدیق کی۔ مختلف فریقوں کے اعداد کبھی جمع نہیں کیے جاتے۔',
  noIncidentsFilter: 'موجودہ فلٹر کے تحت کوئی واقعہ نہیں',
  legend: 'علامات',
  mapLabel: 'واقعات کا نقشہ۔ نقشہ ہلانے کے لیے تیر والی کلیدیں، زوم کے لیے جمع اور تفریق کی کلیدیں، اور واقعات تک پہنچنے کے لیے Tab استعمال کریں۔',
  closeDetails: 'تفصیلات بند کریں',
  loading: 'واقعات لوڈ ہو رہے ہیں…',
  loadFailed: 'واقعات لوڈ نہیں ہو سکے: {error}',
  inViewCount: 'نقشے پر {n} واقعات',
  inViewCountOne: 'نقشے پر {n} واقعہ',
  groups: ' ({n} گروہ)',
  groupsOne: ' ({n} گروہ)',
  capped: '؛ {all} علامات میں سے صرف {max} سب سے بڑی دکھائی گئی ہیں: زوم کریں یا فلٹر محدود کریں',
  clusterLabel: '{n} واقعات',
  clusterAround: '{district} کے آس پاس {n} واقعات',
  disputedLabel: 'اعداد متنازع: {low} سے {high} ہلاک',
  basemapFailed: 'بنیادی نقشہ لوڈ نہیں ہو سکا: {error}',
  startFailed: 'نقشہ شروع نہیں ہو سکا: {error}',
  incidentsHere: 'یہاں {n} واقعات',
  listFailed: 'واقعات کی فہرست نہیں بن سکی: {error}',
  showing: '{total} میں سے {shown} دکھائے جا رہے ہیں۔ باقی دیکھنے کے لیے زوم کریں یا فلٹر محدود کریں۔',
  total: '{n} واقعات',
  totalOne: '{n} واقعہ',
  precExact: 'عین مقام',
  precTown: 'شہر یا گاؤں تک معلوم',
  precTehsil: 'تحصیل کی سطح تک معلوم',
  precRoute: 'سڑک یا ریلوے کے کسی حصے تک معلوم',
  precDistrict: 'ضلع کی سطح تک معلوم',
  precProvince: 'صرف صوبے کی سطح تک معلوم',
  kindPlace: 'مقام',
  kindClaimant: 'دعوے دار',
  kindText: 'متن',
  placeTown: 'قصبہ',
  placeVillage: 'گاؤں',
  placeDistrict: 'ضلع',
  placeTehsil: 'تحصیل',
  placeProvince: 'صوبہ',
  placeRoute: 'سڑک',
  placeCountry: 'ملک',
  textSuggestion: '“{q}” کے ذکر والے واقعات',
  textSuggestionSub: 'عنوان، تفصیل، مقام، ٹیگ',
  claimantSub: '{n} واقعات',
  noteClaimant: '{id} کے دعوے والے واقعات دکھائے جا رہے ہیں۔',
  noteText: 'وہ واقعات جن کے عنوان، تفصیل، مقام یا ٹیگ میں “{q}” آتا ہے۔',
  notePlace: 'نقشہ {place} پر منتقل کر دیا گیا۔ فلٹر تبدیل نہیں ہوئے۔',
  allIncidents: 'تمام واقعات',
  balochistan: 'بلوچستان',
  zoomIn: 'قریب سے دیکھیں',
  zoomOut: 'دور سے دیکھیں',
  sumVerified: 'صرف تصدیق شدہ اعداد',
  start: 'آغاز',
  today: 'آج',
  fromFirstIncident: 'پہلے واقعے',
  allLower: 'سب',
  allDatesLower: 'تمام تاریخیں',
  allSpan: 'سب، {span}',
  moreNoIncidents: 'مزید {n} دعوے دار، جن کا ان فلٹرز کے تحت کوئی واقعہ نہیں',
  districtLevel: 'ضلع کی سطح',
  confirmedFiguresOnly: 'صرف تصدیق شدہ اعداد',
  noIncidentsTable: 'موجودہ فلٹر کے تحت کوئی واقعہ نہیں۔',
  noClaimantSelected: 'کوئی دعوے دار منتخب نہیں',
  totalMatch: 'فلٹرز سے مطابقت رکھنے والے {n} واقعات',
  totalMatchOne: 'فلٹرز سے مطابقت رکھنے والا {n} واقعہ',
  listLatest: 'نقشے پر {n} واقعات میں سے تازہ ترین {limit}۔',
  listAll: 'نقشے پر {n} واقعات۔',
  embedFrameTitle: 'بلوچستان میں تنازع کے واقعات کا نقشہ (incidentmap)',
  notAvailable: 'واقعہ دستیاب نہیں',
  noSuchIncident: 'شناخت {id} کا کوئی شائع شدہ واقعہ نہیں۔',
  backgroundCredit: ' پس منظر کا نقشہ: {credit}۔',
  sumClaimants: 'دعوے دار: {list}',
  sumType: 'قسم: {type}',
  sumStatus: 'حیثیت: {status}',
  sumIn: 'بلوچستان میں',
  sumOutside: 'بلوچستان سے باہر',
  sumText: 'متن: {q}',
  sumSeries: 'سلسلہ: {series}',
  sumDistrict: 'ضلع: {district}',
  range: '{from} سے {to} تک',
  firstIncident: 'پہلے واقعے',
  latest: 'تازہ ترین',
  allDatesSpan: 'تمام تاریخیں، {span}',
  dates: 'تاریخیں: {dates}',
  captionTitle: 'بلوچستان میں تنازع کے واقعات',
  openFull: 'پورا نقشہ کھولیں ↗',
  snapshotDrawing: 'تصویر بن رہی ہے…',
  snapDistrictOnly: 'صرف ضلع معلوم',
  snapDisputed: 'اعداد متنازع',
  snapShading: 'اضلاع کی رنگت:',
  snapKm: '{n} کلومیٹر',
  snapCredits: "انتظامی حدود: Pakistan COD-AB، OCHA / WFP، بذریعہ HDX، CC BY-IGO 3.0 (سادہ کی گئیں؛ حب اور استا محمد کے اضلاع COD کی تحصیلوں سے دوبارہ بنائے گئے)۔ ایران اور افغانستان کے صوبے: Who's On First (لائسنس: github.com/whosonfirst-data/whosonfirst-data/blob/master/LICENSE.md)، بشمول Quattroshapes (CC BY) اور Mesoshapes (CC0) کی جیومیٹری۔ مقامات: GeoNames (geonames.org)، CC BY 4.0؛ Who's On First کا ڈیٹا۔ شاہراہیں اور ریلوے: اپنے راستے کے قصبوں سے گزرتی لکیریں، راستوں کی عوامی تفصیلات سے ہاتھ سے درج۔ سمندر، ممالک، جھیلیں، دریا، پہاڑی سلسلے اور صحرا، اور ممالک، سمندروں، پہاڑی سلسلوں اور ہمسایہ صوبوں کے اردو نام: Natural Earth (naturalearthdata.com)، پبلک ڈومین۔",
  attrBoundaries: "حدود",
  attrIranAfghanistan: "ایران، افغانستان",
  attrPlaces: "مقامات",
  attrNaturalEarth: "سمندر، ممالک، دریا، پہاڑی سلسلے",
  snapshotSaved: 'تصویر incidentmap.png کے نام سے محفوظ ہو گئی',
  snapshotFailed: 'تصویر نہیں بن سکی: {error}',
  timeline: 'ٹائم لائن',
  play: 'وقت کے ساتھ چلائیں',
  pause: 'روکیں',
  speed: 'رفتار',
  step1: 'ہر قدم ایک مہینہ',
  step3: 'ہر قدم تین مہینے',
  step12: 'ہر قدم ایک سال',
  from: 'از',
  to: 'تا',
  allDates: 'تمام تاریخیں',
  firstMonth: 'پہلا مہینہ',
  lastMonth: 'آخری مہینہ',
  tlMonth: 'مہینہ',
  tlYear: 'سال',
  tlNone: 'ٹائم لائن میں کوئی واقعہ نہیں',
  tlAll: 'تمام تاریخیں ({span})',
  perMonth: '{n} فی مہینہ',
  embedTitle: 'یہ نقشہ کسی صفحے میں لگائیں',
  embedText: 'اسے کسی ویب صفحے یا رپورٹ میں چسپاں کریں۔ یہ موجودہ منظر اور فلٹر دکھاتا ہے۔',
  embedCode: 'ایمبیڈ کوڈ',
  copy: 'کاپی کریں',
  copied: 'کاپی ہو گیا',
  openEmbed: 'ایمبیڈ صفحہ کھولیں',
  close: 'بند کریں',
  downloadTitle: 'واقعات ڈاؤن لوڈ کریں',
  downloadText: 'موجودہ فلٹر سے مطابقت رکھنے والے تمام واقعات (صرف نقشے پر نظر آنے والے نہیں)۔',
  forGIS: ' (QGIS اور ویب نقشوں کے لیے)',
  forSheets: ' (اسپریڈشیٹ کے لیے)',
  untitled: '(بے عنوان واقعہ)',
  date: 'تاریخ',
  type: 'قسم',
  place: 'مقام',
  series: 'سلسلہ',
  showSeries: 'اس کے واقعات دکھائیں',
  killed: 'ہلاک',
  killedNote: ' (نیچے دیے گئے دعووں سے اخذ شدہ؛ متضاد دعوے متبادل ہیں، انھیں کبھی جمع نہیں کیا جاتا)',
  bestRange: 'بہترین اندازہ {best} (حد {low}–{high})',
  districtOf: 'ضلع {district}',
  precisionUnknown: 'درستی نامعلوم',
  disputedNote: ' اعداد متنازع: دعووں میں ہلاکتوں کی تعداد {low} سے {high} تک ہے۔',
  whoSaidWhat: 'کس نے کیا کہا',
  whoSaidWhatSide: 'کس نے کیا کہا، ساتھ ساتھ',
  colWho: 'کون',
  colFigures: 'اعداد',
  colStatus: 'حیثیت',
  colSource: 'ماخذ',
  derived: 'اخذ شدہ: کم از کم {low} · بہترین {best} · زیادہ سے زیادہ {high} ہلاک۔ ',
  derivedRule: 'کم از کم اور بہترین اندازہ ان سب سے معتبر دعووں سے لیے جاتے ہیں جو کوئی عدد دیتے ہیں (آزادانہ طور پر تصدیق شدہ، ورنہ کسی دوسرے فریق سے تصدیق شدہ، ورنہ غیر تصدیق شدہ): کم از کم ان کا سب سے چھوٹا عدد ہے، اور بہترین ان کا سب سے چھوٹا واحد عدد؛ زیادہ سے زیادہ وہ سب سے بڑا عدد ہے جو کوئی بھی دعویٰ دیتا ہے۔ متضاد دعوے متبادل ہیں اور کبھی جمع نہیں کیے جاتے؛ تردیدیں اور بغیر اعداد کے دعوے شامل نہیں کیے جاتے۔',
  claimAsStated: 'دعویٰ، جیسا کہا گیا',
  claimsAsStated: 'دعوے ({n})، ہر ایک جیسا کہا گیا',
  noClaims: 'کوئی دعویٰ درج نہیں۔',
  seriesClaims: 'پورے سلسلے کے بارے میں دعوے',
  seriesClaimsNamed: 'پورے سلسلے “{name}” کے بارے میں دعوے',
  seriesNote: 'یہ بیانات صرف اس واقعے کے نہیں بلکہ پوری مہم کے بارے میں ہیں؛ ان کے اعداد اس واقعے میں شامل نہیں کیے جاتے۔',
  description: 'تفصیل',
  incidentId: 'واقعہ {id}',
  revision: ' · نظرِ ثانی {n}',
  updated: ' · تازہ کاری {date}',
  permalink: 'مستقل ربط',
  statusLabel: 'حیثیت: ',
  sourceLabel: 'ماخذ: ',
  statement: 'بیان',
  deniesClaim: 'دعوے کی تردید',
  noCasualties: 'جانی نقصان کے اعداد نہیں دیے گئے',
  denies: 'تردید',
  noFigures: 'کوئی عدد نہیں دیا گیا',
  figDisputed: ' اعداد متنازع ({low}–{high} ہلاک)',
  nKilled: '{n} ہلاک',
  nInjured: '{n} زخمی',
  groupKilled: '{n} {group} ہلاک',
  groupInjured: '{n} {group} زخمی',
  groupLine: '{group}: {parts}',
  atLeast: 'کم از کم {n}',
  monthOnly: '{month} (مہینہ معلوم ہے، دن نہیں)',
  yearOnly: '{year} (سال معلوم ہے، مہینہ نہیں)',
  someDay: '{from} اور {to} کے درمیان کسی دن (صحیح دن معلوم نہیں)',
  sClaims: '{who} کا دعویٰ: {figs}',
  sSays: '{who} کا کہنا ہے: {figs}',
  sReports: '{who} کی رپورٹ: {figs}',
  sVerified: '{who} کی تصدیق: {figs}',
  sDenies: '{who} تردید کرتا ہے',
  sDeniesSays: '{who} تردید کرتا ہے؛ اس کے مطابق {figs}',
  sResponsibility: '{who} ذمہ داری قبول کرتا ہے، اعداد نہیں دیے',
  sNoFigures: '{who}: کوئی عدد نہیں دیا گیا',
  sStatus: '{s} ({status})',
  unknown: 'نامعلوم',
};

// Words that stand for values of the API: casualty groups, kinds and
// statuses of claims, incident types.
const VALUES = {
  en: {
    group: { security_forces: 'security forces', militants: 'militants', civilians: 'civilians', unspecified: 'people' },
    kind: {
      claim_of_responsibility: 'claim of responsibility', official_statement: 'official statement', media_report: 'media report',
      independent_verification: 'independent verification', denial: 'denial',
    },
    status: { unverified: 'unverified', confirmed: 'confirmed by another party', independent: 'independently verified', denied: 'denied' },
    statusShort: { unverified: 'unverified', confirmed: 'confirmed', independent: 'independent', denied: 'denied' },
    type: {},
  },
  ur: {
    group: { security_forces: 'سکیورٹی اہلکار', militants: 'عسکریت پسند', civilians: 'عام شہری', unspecified: 'افراد' },
    kind: {
      claim_of_responsibility: 'ذمہ داری کا دعویٰ', official_statement: 'سرکاری بیان', media_report: 'میڈیا رپورٹ',
      independent_verification: 'آزادانہ تصدیق', denial: 'تردید',
    },
    status: { unverified: 'غیر تصدیق شدہ', confirmed: 'کسی دوسرے فریق سے تصدیق شدہ', independent: 'آزادانہ طور پر تصدیق شدہ', denied: 'تردید شدہ' },
    statusShort: { unverified: 'غیر تصدیق شدہ', confirmed: 'تصدیق شدہ', independent: 'آزادانہ تصدیق شدہ', denied: 'تردید شدہ' },
    type: {
      armed_clash: 'مسلح جھڑپ', ambush: 'گھات لگا کر حملہ', bombing: 'بم دھماکا یا آئی ای ڈی', suicide_attack: 'خودکش حملہ',
      targeted_killing: 'ٹارگٹ کلنگ', abduction: 'اغوا', attack_on_infrastructure: 'بنیادی ڈھانچے پر حملہ',
      security_operation: 'سکیورٹی آپریشن', protest: 'احتجاج', other: 'دیگر',
    },
  },
};

export const MESSAGES = Object.freeze({ en, ur });
export const VALUE_WORDS = VALUES;

let lang = 'en';
const listeners = [];

export function getLang() { return lang; }
export function locale() { return LOCALE[lang]; }
export function isRTL() { return lang === 'ur'; }

// initialLang is the language of ?lang= in search, else the stored choice,
// else English.
export function initialLang(search, storage) {
  const q = new URLSearchParams(search).get('lang');
  if (LANGS.includes(q)) return q;
  try {
    const s = storage && storage.getItem(STORE_KEY);
    if (LANGS.includes(s)) return s;
  } catch { /* storage blocked: not remembered */ }
  return 'en';
}

// setLang switches the page's language and tells the listeners.
export function setLang(l, { storage = null } = {}) {
  lang = LANGS.includes(l) ? l : 'en';
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
    document.documentElement.dir = isRTL() ? 'rtl' : 'ltr';
    document.title = t('pageTitle');
  }
  try { if (storage) storage.setItem(STORE_KEY, lang); } catch { /* not remembered */ }
  for (const f of listeners) f(lang);
}

export function onLangChange(f) { listeners.push(f); }

// withLang runs fn with the messages of language l (no listener is told):
// for words that stay in one language, such as a snapshot's.
export function withLang(l, fn) {
  const prev = lang;
  lang = LANGS.includes(l) ? l : 'en';
  try { return fn(); } finally { lang = prev; }
}

// t is the message key in the page's language with {name}s filled in;
// numbers are formatted for the language.
export function t(key, vars = {}) {
  const table = MESSAGES[lang];
  const s = table[key] ?? en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? (typeof vars[k] === 'number' ? fmtNum(vars[k]) : String(vars[k])) : m));
}

// tn picks key or key + "One" by the plural rules of the language.
export function tn(key, n, vars = {}) {
  const one = new Intl.PluralRules(LOCALE[lang]).select(n) === 'one' && `${key}One` in MESSAGES[lang];
  return t(one ? `${key}One` : key, { n, ...vars });
}

// word is the language's word for an API value of a kind (group, kind,
// status, type), or fallback.
export function word(kind, value, fallback) {
  return VALUES[lang][kind][value] ?? VALUES.en[kind][value] ?? fallback ?? value;
}

// listSep separates the items of a list: Urdu's comma is ،.
export function listSep() { return lang === 'ur' ? '، ' : ', '; }

// fmtNum formats a number in the page's language. The same counts are
// formatted again on every redraw of the map, and Intl's format is the
// slowest step of building a symbol: they are remembered.
const numFmt = {};
const numText = new Map(); // language + number -> text
export function fmtNum(n) {
  const v = Number(n || 0);
  const key = lang + v;
  let s = numText.get(key);
  if (s === undefined) {
    const l = LOCALE[lang];
    numFmt[l] ??= new Intl.NumberFormat(l);
    s = numFmt[l].format(v);
    if (numText.size >= 10000) numText.clear();
    numText.set(key, s);
  }
  return s;
}

const dateFmt = {};
function dateFormat(opts) {
  const k = `${lang}|${JSON.stringify(opts)}`;
  dateFmt[k] ??= new Intl.DateTimeFormat(LOCALE[lang], { timeZone: 'UTC', ...opts });
  return dateFmt[k];
}

// fmtCompact is a large number in short form for the language ("12 ہزار";
// English keeps the snapshot's own "12k").
export function fmtCompact(n) {
  if (lang === 'en') return `${Math.round(n / 1000)}k`;
  const l = LOCALE[lang];
  numFmt[`${l}|compact`] ??= new Intl.NumberFormat(l, { notation: 'compact' });
  return numFmt[`${l}|compact`].format(Number(n || 0));
}

// fmtDayL is YYYY-MM-DD as "3 July 2025" (Urdu: "3 جولائی، 2025").
export function fmtDayL(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
  if (!m) return d || '';
  return dateFormat({ day: 'numeric', month: 'long', year: 'numeric' }).format(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

// fmtMonthL is YYYY-MM as "Jul 2025" (long: "July 2025").
export function fmtMonthL(ym, { long = false } = {}) {
  const m = /^(\d{4})-(\d{2})/.exec(ym || '');
  if (!m) return ym;
  return dateFormat({ month: long ? 'long' : 'short', year: 'numeric' }).format(Date.UTC(+m[1], +m[2] - 1, 1));
}

// fmtMonthName is the month of YYYY-MM alone, short ("Jul").
export function fmtMonthName(ym) {
  const m = /^(\d{4})-(\d{2})/.exec(ym || '');
  return m ? dateFormat({ month: 'short' }).format(Date.UTC(+m[1], +m[2] - 1, 1)) : ym;
}

// monthNames are the twelve months' names in the page's language (January
// first), from Intl: the timeline's month menus use them, where an
// <input type=month> would speak the browser's own language.
export function monthNames() {
  const f = dateFormat({ month: 'long' });
  return Array.from({ length: 12 }, (_, i) => f.format(Date.UTC(2001, i, 1)));
}

// fmtYear is a year number in the language's digits.
export function fmtYear(y) {
  return dateFormat({ year: 'numeric' }).format(Date.UTC(Number(y), 0, 1));
}

// translatePage fills every element with data-i18n="key" with its message
// (as text), and every attribute named in data-i18n-attr="attr:key;..." .
export function translatePage(root = document) {
  for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of e.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) e.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}
