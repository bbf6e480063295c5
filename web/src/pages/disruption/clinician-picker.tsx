/**
 * Naming the clinicians a stoppage calls out (a sick clinician, the ones who resigned):
 * a center's active clinicians as checkboxes, a center at a time, and the ones chosen so
 * far — from any center — listed with a button to take each back out.
 */
import { useState } from 'react';
import type { Center, Clinician, Page } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { CenterSelect } from '../../components/center-select.tsx';
import { Failure, Loading } from '../../components/states.tsx';
import { disciplineName } from './labels.ts';

export type ChosenClinicians = ReadonlyMap<string, Clinician>;

export function ClinicianPicker({
  centers,
  chosen,
  onChange,
}: {
  readonly centers: readonly Center[];
  readonly chosen: ChosenClinicians;
  readonly onChange: (chosen: ChosenClinicians) => void;
}) {
  const [center, setCenter] = useState('');
  const shownCenter = center || centers[0]?.id || '';
  const query = new URLSearchParams({ center: shownCenter, active: 'true', sort: 'name' });
  query.set('limit', '200');
  const list = useApi<Page<Clinician>>(shownCenter ? `/clinicians?${query}` : null);

  const toggle = (clinician: Clinician, on: boolean) => {
    const next = new Map(chosen);
    if (on) next.set(clinician.id, clinician);
    else next.delete(clinician.id);
    onChange(next);
  };

  return (
    <div className="clinician-picker">
      <CenterSelect
        label="Clinicians at"
        centers={centers}
        value={shownCenter}
        onChange={setCenter}
      />
      {list.state === 'loading' && shownCenter !== '' && <Loading what="the clinicians" />}
      {list.state === 'error' && <Failure message={list.message} />}
      {list.state === 'ready' && (
        <fieldset className="picker-list">
          <legend className="visually-hidden">Clinicians of the center</legend>
          {list.data.items.map((clinician) => (
            <label key={clinician.id} className="choice">
              <input
                type="checkbox"
                checked={chosen.has(clinician.id)}
                onChange={(event) => toggle(clinician, event.target.checked)}
              />
              {clinician.name}{' '}
              <span className="footnote">
                {disciplineName(clinician.discipline)} · {clinician.id}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="picker-chosen" aria-live="polite">
        {chosen.size === 0 ? (
          <p className="footnote">No clinician chosen yet.</p>
        ) : (
          <>
            <p className="footnote">
              {chosen.size === 1 ? '1 clinician chosen' : `${chosen.size} clinicians chosen`}
            </p>
            <ul>
              {[...chosen.values()].map((clinician) => (
                <li key={clinician.id}>
                  {clinician.name}{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => toggle(clinician, false)}
                    aria-label={`Remove ${clinician.name}`}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
