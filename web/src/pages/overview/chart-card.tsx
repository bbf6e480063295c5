/**
 * One of the overview's charts in its card: a heading, the card's own controls, a
 * "Show the numbers" button, the chart (or its loading, empty or error state), and the
 * same numbers as a table one click away. The canvas says nothing to a screen reader,
 * so the table is the chart's text alternative as well as the reader's exact figures.
 */
import { type ReactNode, useState } from 'react';
import { TableRegion } from '../../components/table-region.tsx';

export function ChartCard({
  id,
  title,
  subtitle,
  controls,
  tableLabel,
  table,
  wide = false,
  children,
}: {
  /** The card's element id; the table is `${id}-table`, the title `${id}-heading`. */
  readonly id: string;
  readonly title: string;
  /** After the title, e.g. the standard shown. */
  readonly subtitle?: string | undefined;
  readonly controls?: ReactNode;
  readonly tableLabel: string;
  /** The numbers, or null while there are none (no button then). */
  readonly table: ReactNode | null;
  readonly wide?: boolean;
  readonly children: ReactNode;
}) {
  const [showTable, setShowTable] = useState(false);
  const heading = `${id}-heading`;
  return (
    <figure
      className={`card chart-card${wide ? ' chart-card-wide' : ''}`}
      id={id}
      aria-labelledby={heading}
    >
      <figcaption className="chart-card-head">
        {/* The card is named by its title alone: the subtitle changes with the page's choices. */}
        <h2>
          <span id={heading}>{title}</span>
          {subtitle && <span className="chart-card-subtitle">: {subtitle}</span>}
        </h2>
        <div className="chart-card-controls">
          {controls}
          {table !== null && (
            <button
              type="button"
              className="secondary"
              aria-expanded={showTable}
              aria-controls={`${id}-table`}
              aria-describedby={heading}
              onClick={() => setShowTable((shown) => !shown)}
            >
              {showTable ? 'Hide the numbers' : 'Show the numbers'}
            </button>
          )}
        </div>
      </figcaption>
      {children}
      {showTable && table !== null && (
        <TableRegion label={tableLabel} id={`${id}-table`}>
          {table}
        </TableRegion>
      )}
    </figure>
  );
}
