/**
 * Reference data for synthetic Southern California networks: medical centers (public
 * city coordinates), the discipline mix of a large behavioral-health department, and
 * the languages its members speak. Synthetic: no real clinic, clinician or patient.
 */
export const SOCAL_CENTERS = [
  { id: 'los-angeles', name: 'Los Angeles Medical Center', lat: 34.098, lon: -118.292 },
  { id: 'west-la', name: 'West Los Angeles Medical Center', lat: 34.034, lon: -118.377 },
  { id: 'panorama-city', name: 'Panorama City Medical Center', lat: 34.224, lon: -118.449 },
  { id: 'woodland-hills', name: 'Woodland Hills Medical Center', lat: 34.168, lon: -118.606 },
  { id: 'south-bay', name: 'South Bay Medical Center', lat: 33.797, lon: -118.298 },
  { id: 'downey', name: 'Downey Medical Center', lat: 33.94, lon: -118.132 },
  { id: 'baldwin-park', name: 'Baldwin Park Medical Center', lat: 34.085, lon: -117.961 },
  { id: 'fontana', name: 'Fontana Medical Center', lat: 34.092, lon: -117.435 },
  { id: 'ontario', name: 'Ontario Medical Center', lat: 34.063, lon: -117.651 },
  { id: 'riverside', name: 'Riverside Medical Center', lat: 33.953, lon: -117.396 },
  { id: 'anaheim', name: 'Anaheim Medical Center', lat: 33.836, lon: -117.914 },
  { id: 'irvine', name: 'Irvine Medical Center', lat: 33.684, lon: -117.826 },
  { id: 'san-diego', name: 'San Diego Medical Center', lat: 32.816, lon: -117.161 },
  { id: 'kern-county', name: 'Kern County Medical Center', lat: 35.373, lon: -119.019 },
] as const;

/** Relative size of each center's department (members served), in SOCAL_CENTERS order. */
export const SOCAL_CENTER_WEIGHTS = [10, 7, 7, 6, 6, 8, 7, 8, 6, 8, 8, 7, 10, 4];

export const DISCIPLINE_MIX = {
  ids: ['psychologist', 'lcsw', 'lmft', 'psychiatrist'],
  weights: [0.3, 0.32, 0.28, 0.1],
} as const;

/** Share of clinicians who speak each language besides English. */
export const CLINICIAN_LANGUAGES: readonly (readonly [string, number])[] = [
  ['es', 0.3],
  ['zh', 0.04],
  ['vi', 0.03],
  ['ko', 0.03],
  ['tl', 0.04],
  ['hy', 0.02],
];

/** Preferred language of members asking for care. */
export const MEMBER_LANGUAGES = {
  ids: ['en', 'es', 'zh', 'vi', 'ko', 'tl', 'hy'],
  weights: [0.72, 0.2, 0.02, 0.015, 0.015, 0.02, 0.01],
} as const;
