/**
 * What a plan does, per standard: the appointments it touches and where each goes, and
 * how many meet their deadline before and after. The preview and the impact report show
 * the same table (one planned, one done), with every standard's total in the footer.
 */
import { TableRegion } from '../../components/table-region.tsx';
import { standardName } from '../standards.ts';
import { byStandardOrder, formatCount } from './labels.ts';
import type { StandardTotals, Totals } from './types.ts';

const COLUMNS: readonly (readonly [keyof Totals, string])[] = [
  ['affected', 'Affected'],
  ['kept', 'Kept'],
  ['movedSameClinician', 'Moved, same clinician'],
  ['movedOtherClinician', 'Moved, other clinician'],
  ['referredOut', 'Referred out'],
  ['unplaceable', 'Unplaceable'],
  ['metBefore', 'Met deadline before'],
  ['metAfter', 'Meet deadline after'],
  ['notMet', 'Do not meet it'],
];

/** Every standard's figures added up (a report carries only the rows). */
export function sumTotals(rows: readonly StandardTotals[]): Totals {
  const sum = Object.fromEntries(COLUMNS.map(([key]) => [key, 0])) as Record<keyof Totals, number>;
  for (const row of rows) for (const [key] of COLUMNS) sum[key] += row[key];
  return sum;
}

/** How many appointments a plan changes: every one it does not keep where it is. */
export function changedBy(totals: Totals): number {
  return (
    totals.movedSameClinician + totals.movedOtherClinician + totals.referredOut + totals.unplaceable
  );
}

export function TotalsTable({
  label,
  caption,
  rows,
  totals = sumTotals(rows),
}: {
  readonly label: string;
  readonly caption: string;
  readonly rows: readonly StandardTotals[];
  readonly totals?: Totals;
}) {
  return (
    <TableRegion label={label}>
      <table className="totals-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Standard</th>
            {COLUMNS.map(([key, title]) => (
              <th scope="col" key={key} className="num">
                {title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...rows]
            .sort((a, b) => byStandardOrder(a.standard, b.standard))
            .map((row) => (
              <tr key={row.standard}>
                <th scope="row">{standardName(row.standard)}</th>
                {COLUMNS.map(([key]) => (
                  <td key={key} className="num" data-column={key}>
                    {formatCount(row[key])}
                  </td>
                ))}
              </tr>
            ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Every standard</th>
            {COLUMNS.map(([key]) => (
              <td key={key} className="num" data-column={key}>
                {formatCount(totals[key])}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </TableRegion>
  );
}
