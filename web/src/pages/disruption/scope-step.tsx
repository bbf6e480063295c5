/**
 * Step 1, who stops work: the clinicians the stoppage's scope names, and whether each is
 * expected to stop (the deterministic pick of `participation`). While a draft, the roles
 * that may correct it tick or untick a clinician (`PATCH /stoppages/{id}/clinicians`,
 * one at a time, saved at once); otherwise the list reads as it stands.
 */
import { useState } from 'react';
import { ApiError, callApi } from '../../api/client.ts';
import type { Center } from '../../api/types.ts';
import type { Loadable } from '../../api/use-api.ts';
import { CenterSelect } from '../../components/center-select.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { disciplineName, formatCount, formatShare } from './labels.ts';
import type { DisruptionRights } from './rights.ts';
import type { Stoppage, StoppageClinician } from './types.ts';
import { stoppagePath } from './use-stoppage.ts';

const keyOf = (c: { readonly centerId: string; readonly id: string }) => `${c.centerId}/${c.id}`;

export function ScopeStep({
  stoppage,
  list,
  onRetry,
  centers,
  rights,
  onChanged,
  onNext,
}: {
  readonly stoppage: Stoppage;
  /** `GET /stoppages/{id}/clinicians`, read by the wizard (the plan names them too). */
  readonly list: Loadable<readonly StoppageClinician[]>;
  readonly onRetry: () => void;
  readonly centers: readonly Center[];
  readonly rights: DisruptionRights;
  readonly onChanged: (stoppage: Stoppage) => void;
  readonly onNext: () => void;
}) {
  // Toggles saved since the list was read, by clinician: the list is not read again.
  const [saved, setSaved] = useState<ReadonlyMap<string, boolean>>(new Map());
  // The change being saved, shown at once (and undone if the server refuses it).
  const [pending, setPending] = useState<{
    readonly key: string;
    readonly participating: boolean;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editable = stoppage.status === 'draft' && rights.correctScope;
  const centerNames = new Map(centers.map((c) => [c.id, c.name]));
  // A network-wide strike names thousands: the table is filtered here, on the page.
  const [center, setCenter] = useState('');
  const [shown, setShown] = useState<'' | 'stops' | 'works'>('');
  const everyone = list.state === 'ready' ? list.data : [];
  const scopeCenters = centers.filter((c) =>
    everyone.some((clinician) => clinician.centerId === c.id),
  );
  const participatingNow = (clinician: StoppageClinician) => {
    const key = keyOf(clinician);
    return pending?.key === key
      ? pending.participating
      : (saved.get(key) ?? clinician.participating);
  };
  // Filtered on the list as read, so a row just ticked stays where it is (and keeps focus).
  const rows = everyone.filter(
    (clinician) =>
      (center === '' || clinician.centerId === center) &&
      (shown === '' || clinician.participating === (shown === 'stops')),
  );

  async function setParticipating(clinician: StoppageClinician, participating: boolean) {
    // One change at a time; the boxes stay enabled (disabling one would drop its focus).
    if (pending !== null) return;
    const key = keyOf(clinician);
    setPending({ key, participating });
    setError(null);
    try {
      const answer = await callApi<Stoppage>(stoppagePath(stoppage.id, '/clinicians'), {
        method: 'PATCH',
        body: { clinicians: [{ centerId: clinician.centerId, id: clinician.id, participating }] },
      });
      setSaved((before) => new Map(before).set(key, participating));
      onChanged(answer);
    } catch (failure) {
      setError(
        failure instanceof ApiError ? failure.message : 'The change could not be saved. Try again.',
      );
    } finally {
      setPending(null);
    }
  }

  return (
    <>
      <p>
        {formatCount(stoppage.clinicians.participating)} of{' '}
        {formatCount(stoppage.clinicians.inScope)} clinicians in scope are expected to stop work
        (participation {formatShare(stoppage.participation)}).
        {editable &&
          ' Correct the list clinician by clinician; the plan is computed for the ones ticked.'}
      </p>
      {stoppage.previewedAt !== null && stoppage.status === 'draft' && editable && (
        <p className="notice">
          Changing who stops work discards the plan computed: compute it again before it runs.
        </p>
      )}
      <div className="actions scope-next">
        <button type="button" onClick={onNext}>
          Next: the plan
        </button>
      </div>
      {error && (
        <div className="state state-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {list.state === 'loading' && <Loading what="the clinicians in scope" />}
      {list.state === 'error' && <Failure message={list.message} onRetry={onRetry} />}
      {list.state === 'ready' && list.data.length === 0 && (
        <Empty>The stoppage’s scope names no clinician.</Empty>
      )}
      {list.state === 'ready' && list.data.length > 0 && (
        <form className="filters" onSubmit={(event) => event.preventDefault()}>
          <CenterSelect
            centers={scopeCenters}
            value={center}
            allLabel="All centers"
            onChange={setCenter}
          />
          <label>
            Show
            <select
              value={shown}
              onChange={(event) => setShown(event.target.value as '' | 'stops' | 'works')}
            >
              <option value="">Everyone in scope</option>
              <option value="stops">Those who stop work</option>
              <option value="works">Those who work</option>
            </select>
          </label>
        </form>
      )}
      {list.state === 'ready' && list.data.length > 0 && (
        <TableRegion label="Clinicians in scope">
          <table>
            <caption>
              Clinicians in scope, and who stops work
              {rows.length < everyone.length
                ? ` (${formatCount(rows.length)} of ${formatCount(everyone.length)} shown)`
                : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Clinician</th>
                <th scope="col">Discipline</th>
                <th scope="col">Medical center</th>
                <th scope="col">Stops work</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((clinician) => {
                const key = keyOf(clinician);
                const participating = participatingNow(clinician);
                return (
                  <tr key={key}>
                    <th scope="row">
                      {clinician.name} <span className="footnote">{clinician.id}</span>
                    </th>
                    <td>{disciplineName(clinician.discipline)}</td>
                    <td>{centerNames.get(clinician.centerId) ?? clinician.centerId}</td>
                    <td>
                      {editable ? (
                        <label className="choice">
                          <input
                            type="checkbox"
                            checked={participating}
                            onChange={(e) => void setParticipating(clinician, e.target.checked)}
                          />
                          <span className="visually-hidden">{clinician.name} </span>
                          {participating ? 'Stops work' : 'Works'}
                          {pending?.key === key && <span className="footnote"> saving…</span>}
                        </label>
                      ) : participating ? (
                        'Stops work'
                      ) : (
                        'Works'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
