/**
 * Small pieces shared by the hand-written SVG charts: escaping, coordinates printed
 * the same way every time (so a chart is byte-for-byte reproducible), and the colours.
 */

/**
 * Text safe in XML content and in double- or single-quoted attributes. Characters XML 1.0
 * forbids outright (most C0 controls, unpaired surrogates, U+FFFE/U+FFFF) are dropped: no
 * escape can carry them, and one would make the whole file unreadable.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A coordinate to a tenth of a pixel, never "-0". */
export function coordinate(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return (rounded === 0 ? 0 : rounded).toString();
}

/**
 * Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies;
 * black first, for the baseline. Yellow is last: it is faint on white.
 */
const PALETTE = [
  '#000000',
  '#E69F00',
  '#0072B2',
  '#009E73',
  '#D55E00',
  '#56B4E9',
  '#CC79A7',
  '#F0E442',
] as const;
const DASHES = ['', '6 3', '2 3'] as const;

/** Colour and dash of the nth series; past the palette, dashes tell repeated colours apart. */
export function seriesStyle(index: number): { color: string; dash: string } {
  return {
    color: PALETTE[index % PALETTE.length]!,
    dash: DASHES[Math.floor(index / PALETTE.length) % DASHES.length]!,
  };
}

/** Rough width of a label in the chart font, for laying out the legend without a browser. */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * 0.6;
}
