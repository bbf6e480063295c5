/**
 * The legend of a week grid's shading (`week-heatmap.ts`): each band's swatch and label,
 * then the swatch of a cell with no figure and what that means on this grid.
 */
import { NO_FIGURE } from './week-heatmap.ts';

export function BandLegend({
  bands,
  noFigure,
}: {
  readonly bands: readonly { readonly colour: string; readonly label: string }[];
  /** What a cell without a figure means here ("none judged yet"). */
  readonly noFigure: string;
}) {
  return (
    <ul className="band-legend" aria-label="Shading">
      {bands.map((band) => (
        <li key={band.label}>
          <span className="swatch" style={{ background: band.colour }} aria-hidden="true" />
          {band.label}
        </li>
      ))}
      <li>
        <span className="swatch" style={{ background: NO_FIGURE }} aria-hidden="true" />
        {noFigure}
      </li>
    </ul>
  );
}
