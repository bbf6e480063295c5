/**
 * The simulator's prediction beside what happened (the report's `prediction`, when one
 * was attached with `PUT /stoppages/{id}/prediction`). The two shares do not count the
 * same people — the prediction's compliance is over every request it simulated, the
 * actual one over the appointments the stoppage touched — so they sit side by side and
 * are not subtracted (as `timely stoppage report` prints them).
 */
import { TableRegion } from '../../components/table-region.tsx';
import { formatDateTime } from '../scheduler/time.ts';
import { standardName } from '../standards.ts';
import { byStandardOrder, formatCount, formatShare } from './labels.ts';
import type { ImpactReport, SimulatedPrediction } from './types.ts';

export function PredictionTable({
  report,
  prediction,
}: {
  readonly report: ImpactReport;
  readonly prediction: SimulatedPrediction;
}) {
  const actual = new Map(report.byStandard.map((t) => [t.standard, t]));
  const standards = [
    ...new Set([...report.byStandard.map((t) => t.standard), ...Object.keys(prediction.standards)]),
  ].sort(byStandardOrder);
  const unplaced = report.byStandard.reduce((n, t) => n + t.unplaceable, 0);
  return (
    <section className="card" aria-labelledby="prediction-heading">
      <h3 id="prediction-heading">Predicted and actual</h3>
      <p className="footnote">
        The simulator’s scenario “{prediction.scenario}”, attached{' '}
        {formatDateTime(prediction.attachedAt)}. Its compliance is over every request it simulated;
        the actual share is over the appointments the stoppage touched.
      </p>
      <TableRegion label="Prediction beside what happened">
        <table>
          <caption>Meeting the deadline, predicted and actual, per standard</caption>
          <thead>
            <tr>
              <th scope="col">Standard</th>
              <th scope="col" className="num">
                Predicted compliance
              </th>
              <th scope="col" className="num">
                Affected meeting the deadline
              </th>
            </tr>
          </thead>
          <tbody>
            {standards.map((standard) => {
              const predicted = prediction.standards[standard];
              const happened = actual.get(standard);
              return (
                <tr key={standard}>
                  <th scope="row">{standardName(standard)}</th>
                  <td className="num">
                    {/* None simulated under the standard: no share to show. */}
                    {predicted === undefined || predicted.compliance === null
                      ? '–'
                      : formatShare(predicted.compliance)}
                  </td>
                  <td className="num">
                    {happened === undefined || happened.affected === 0
                      ? '–'
                      : `${formatShare(happened.metAfter / happened.affected)} (${formatCount(happened.metAfter)} of ${formatCount(happened.affected)})`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
      <TableRegion label="Referrals and unplaced, predicted and actual">
        <table>
          <caption>Referrals out and requests left unplaced</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col" className="num">
                Predicted
              </th>
              <th scope="col" className="num">
                Happened
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Referrals out</th>
              <td className="num">{formatCount(prediction.referralsOut)}</td>
              <td className="num">{formatCount(report.referrals.count)}</td>
            </tr>
            <tr>
              <th scope="row">Unplaced</th>
              <td className="num">{formatCount(prediction.unplaced)}</td>
              <td className="num">{formatCount(unplaced)}</td>
            </tr>
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}
