// names.mjs: the Latin names an Urdu text may keep: the product's name and
// the names of the data sources and their licences, written as their owners
// write them (a credit names them; it does not translate them).
export const SOURCE_NAMES = ['incidentmap', 'Pakistan COD-AB', 'COD', 'OCHA', 'WFP', 'HDX', 'CC BY-IGO 3.0', 'CC BY 4.0', 'CC BY', 'CC0',
  "Who's On First", 'Quattroshapes', 'Mesoshapes', 'GeoNames', 'Natural Earth'];

// withoutNames is s with the source names and web addresses taken out.
export function withoutNames(s) {
  let out = s.replace(/\b[\w.-]+\.(?:org|com)(?:\/\S*)?/g, ' ');
  for (const n of SOURCE_NAMES) out = out.split(n).join(' ');
  return out;
}
