/**
 * One standard's table on the public status page: the whole network first, then each
 * medical center, a column per week (the current one last), each cell the share of
 * requests met in time with its counts — or "fewer than 11" / "hidden" where the API
 * withheld the figures.
 */
import { TableRegion } from '../../components/table-region.tsx';
import { cellText, type StandardStatus, type StatusCell, weekLabel } from './public-status.ts';

export function StatusTable({
  standard,
  weeks,
  centers,
}: {
  readonly standard: StandardStatus;
  readonly weeks: readonly string[];
  readonly centers: ReadonlyMap<string, string>;
}) {
  const headingId = `standard-${standard.id}`;
  return (
    <section className="status-standard" aria-labelledby={headingId}>
      <h2 id={headingId}>{standard.title}</h2>
      <p className="status-standard-limit">
        {standard.limit ? <>Within {standard.limit} of the request</> : null}
        {standard.citation ? <span className="status-citation"> · {standard.citation}</span> : null}
      </p>
      <TableRegion label={`${standard.title}: share met in time, by medical center and week`}>
        <table className="status-table">
          <caption>
            Share of requests that got an appointment in time, by medical center and week (weeks
            start on Monday)
          </caption>
          <thead>
            <tr>
              <th scope="col">Medical center</th>
              {weeks.map((week, i) => (
                <th scope="col" className="num" key={week}>
                  <span className="visually-hidden">Week of </span>
                  {weekLabel(week)}
                  {i === weeks.length - 1 && <span className="status-this-week">this week</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="status-network">
              <th scope="row">All medical centers</th>
              {standard.network.map((cell) => (
                <Cell key={cell.weekStart} cell={cell} />
              ))}
            </tr>
            {standard.centers.map((row) => (
              <tr key={row.center}>
                <th scope="row">{centers.get(row.center) ?? row.center}</th>
                {row.weeks.map((cell) => (
                  <Cell key={cell.weekStart} cell={cell} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

function Cell({ cell }: { readonly cell: StatusCell }) {
  const { main, detail } = cellText(cell);
  return (
    <td className={cell.suppressed ? 'num status-withheld' : 'num'}>
      {main}
      {detail !== '' && <span className="status-detail">{detail}</span>}
    </td>
  );
}
