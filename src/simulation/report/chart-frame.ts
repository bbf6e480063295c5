/**
 * The frame every chart shares: title, axes with ticks and grid, a legend that wraps
 * below the plot, and the accessible name and description. Charts hand it positioned
 * ticks and the SVG of their marks; everything here is plain string building, so the
 * same input always gives the same bytes.
 */
import { coordinate, escapeXml, textWidth } from './svg.ts';

export const CHART_WIDTH = 880;
const FONT_SIZE = 12;
const TITLE_SIZE = 16;
const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const LEGEND_ROW = 20;

/** Where the plot area sits in the chart, in pixels. */
export const PLOT = { left: 76, right: CHART_WIDTH - 28, top: 52, bottom: 352 } as const;

/** A tick at a pixel position along its axis. */
export interface PositionedTick {
  readonly at: number;
  readonly label: string;
}

export interface LegendEntry {
  readonly name: string;
  readonly color: string;
  readonly dash: string;
  /** Shown after the name, e.g. "(no requests)". */
  readonly note?: string;
}

export interface ChartFrame {
  /** Unique in a page: the report inlines several charts, and their ids must not clash. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xTicks: readonly PositionedTick[];
  readonly yTicks: readonly PositionedTick[];
  /** SVG of the marks (lines, reference lines), drawn clipped to the plot area. */
  readonly marks: readonly string[];
  /** Labels drawn over the marks, so no line crosses them. */
  readonly annotations: readonly string[];
  readonly legend: readonly LegendEntry[];
}

/** Lays legend entries out left to right, wrapping at the plot's right edge. */
function legendLayout(entries: readonly LegendEntry[]): { x: number; row: number }[] {
  const positions: { x: number; row: number }[] = [];
  let x: number = PLOT.left;
  let row = 0;
  for (const entry of entries) {
    const width = 30 + textWidth(legendText(entry), FONT_SIZE) + 24;
    if (x > PLOT.left && x + width > PLOT.right) {
      x = PLOT.left;
      row++;
    }
    positions.push({ x, row });
    x += width;
  }
  return positions;
}

function legendText(entry: LegendEntry): string {
  return entry.note === undefined ? entry.name : `${entry.name} ${entry.note}`;
}

export function dashAttribute(dash: string): string {
  return dash === '' ? '' : ` stroke-dasharray="${dash}"`;
}

/** The complete SVG document of a chart. */
export function renderChart(frame: ChartFrame): string {
  const id = escapeXml(frame.id);
  const layout = legendLayout(frame.legend);
  const rows = layout.reduce((most, p) => Math.max(most, p.row + 1), 0);
  const legendTop = PLOT.bottom + 62;
  const height = legendTop + rows * LEGEND_ROW + 12;
  const middleX = coordinate((PLOT.left + PLOT.right) / 2);
  const middleY = coordinate((PLOT.top + PLOT.bottom) / 2);

  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${escapeXml(FONT_FAMILY)}" font-size="${FONT_SIZE}">`,
    `<title id="${id}-title">${escapeXml(frame.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(frame.description)}</desc>`,
    `<defs><clipPath id="${id}-plot"><rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}"/></clipPath></defs>`,
    `<rect width="${CHART_WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="30" font-size="${TITLE_SIZE}" font-weight="600" fill="#111111">${escapeXml(frame.title)}</text>`,
    '<g stroke="#e3e3e3" stroke-width="1">',
    ...frame.yTicks.map(
      (tick) =>
        `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${coordinate(tick.at)}" y2="${coordinate(tick.at)}"/>`,
    ),
    '</g>',
    '<g fill="#333333" text-anchor="end">',
    ...frame.yTicks.map(
      (tick) =>
        `<text x="${PLOT.left - 8}" y="${coordinate(tick.at + 4)}">${escapeXml(tick.label)}</text>`,
    ),
    '</g>',
    `<text transform="translate(18 ${middleY}) rotate(-90)" text-anchor="middle" fill="#333333">${escapeXml(frame.yLabel)}</text>`,
    `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="#666666"/>`,
    `<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#666666"/>`,
    '<g stroke="#666666">',
    ...frame.xTicks.map(
      (tick) =>
        `<line x1="${coordinate(tick.at)}" x2="${coordinate(tick.at)}" y1="${PLOT.bottom}" y2="${PLOT.bottom + 5}"/>`,
    ),
    '</g>',
    '<g fill="#333333" text-anchor="middle">',
    ...frame.xTicks.map(
      (tick) =>
        `<text x="${coordinate(tick.at)}" y="${PLOT.bottom + 20}">${escapeXml(tick.label)}</text>`,
    ),
    '</g>',
    `<text x="${middleX}" y="${PLOT.bottom + 42}" text-anchor="middle" fill="#333333">${escapeXml(frame.xLabel)}</text>`,
    `<g clip-path="url(#${id}-plot)" fill="none">`,
    ...frame.marks,
    '</g>',
    ...frame.annotations,
    '<g fill="#222222">',
    ...frame.legend.flatMap((entry, i) => {
      const { x, row } = layout[i]!;
      const y = legendTop + row * LEGEND_ROW;
      return [
        `<line x1="${coordinate(x)}" x2="${coordinate(x + 24)}" y1="${y - 4}" y2="${y - 4}" stroke="${entry.color}" stroke-width="3"${dashAttribute(entry.dash)}/>`,
        `<text x="${coordinate(x + 30)}" y="${y}">${escapeXml(legendText(entry))}</text>`,
      ];
    }),
    '</g>',
    '</svg>',
  ];
  return `${lines.join('\n')}\n`;
}

/** A linear map from a domain onto a pixel range. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 === 0 ? 1 : d1 - d0;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** An SVG path through the points, in order. */
export function pathThrough(points: readonly (readonly [number, number])[]): string {
  return points
    .map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${coordinate(x)} ${coordinate(y)}`)
    .join(' ');
}

export interface Reference {
  /** The dashed line, drawn with the marks. */
  readonly line: string;
  /** Its label, drawn over the marks on a white halo. */
  readonly label: string;
}

const REFERENCE_LINE = 'stroke="#777777" stroke-width="1.5" stroke-dasharray="7 4"';
const REFERENCE_TEXT = 'fill="#444444" stroke="#ffffff" stroke-width="4" paint-order="stroke"';

/** A dashed line across the plot at height y, labelled above its right end. */
export function horizontalReference(y: number, label: string): Reference {
  return {
    line: `<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${coordinate(y)}" y2="${coordinate(y)}" ${REFERENCE_LINE}/>`,
    label: `<text x="${PLOT.right - 4}" y="${coordinate(y - 6)}" text-anchor="end" ${REFERENCE_TEXT}>${escapeXml(label)}</text>`,
  };
}

/**
 * A dashed line up the plot at x, labelled at its foot on the right: under a rising
 * curve such as a distribution function that corner is empty.
 */
export function verticalReference(x: number, label: string): Reference {
  const fitsRight = x + 8 + textWidth(label, 12) <= PLOT.right;
  return {
    line: `<line x1="${coordinate(x)}" x2="${coordinate(x)}" y1="${PLOT.top}" y2="${PLOT.bottom}" ${REFERENCE_LINE}/>`,
    label: `<text x="${coordinate(fitsRight ? x + 6 : x - 6)}" y="${PLOT.bottom - 10}" text-anchor="${fitsRight ? 'start' : 'end'}" ${REFERENCE_TEXT}>${escapeXml(label)}</text>`,
  };
}
