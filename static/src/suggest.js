// suggest.js ranks the search box's suggestions. Pure functions, tested
// without a browser.

export const KIND_LABEL = { town: 'Town', district: 'District', tehsil: 'Tehsil', province: 'Province', route: 'Road', admin1: 'Province',
  country: 'Country', outer_district: 'District' };

// KIND_KEYS are the message keys (i18n.js) of the same kinds.
export const KIND_KEYS = { town: 'placeTown', village: 'placeVillage', district: 'placeDistrict', tehsil: 'placeTehsil', province: 'placeProvince',
  route: 'placeRoute', admin1: 'placeProvince', country: 'placeCountry', outer_district: 'placeDistrict' };

// rankOf orders suggestions: an exact claimant first, then places, then
// other claimants (the text filter is always added last).
export function rankOf(s, low) {
  if (s.kind === 'claimant') return s.label.toLowerCase() === low ? 0 : 2;
  return 1;
}

// matchClaimants returns the claimants that text names: an exact id, or
// (from three letters) an id prefix or a part of the full name; exact first,
// then by count.
export function matchClaimants(actors, text) {
  const low = text.trim().toLowerCase();
  if (!low) return [];
  return actors.filter((a) => a.id.toLowerCase() === low ||
    (low.length >= 3 && (a.id.toLowerCase().startsWith(low) || (a.name || '').toLowerCase().includes(low))))
    .sort((x, y) => (y.id.toLowerCase() === low) - (x.id.toLowerCase() === low) || y.count - x.count);
}
