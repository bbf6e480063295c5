/**
 * Declaring a stoppage (`POST /stoppages`): its name and kind, its first and last days,
 * who it calls out — by discipline, center and union membership, or by name — and the
 * share expected to stop work. The server judges the input; its refusal is shown next
 * to the fields it names and in a summary that takes focus. Declared, the stoppage
 * opens at its first step.
 */
import { type FormEvent, useRef, useState } from 'react';
import { callApi } from '../../api/client.ts';
import type { Center } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { type ChosenClinicians, ClinicianPicker } from './clinician-picker.tsx';
import { declareBody, type ScopeMode, type UnionChoice } from './declare-body.ts';
import { describedBy, type FieldError, FieldMessage, fieldErrorsOf } from './field-errors.tsx';
import { DISCIPLINES, KIND_NAMES } from './labels.ts';
import { wizardHref } from './steps.ts';
import { STOPPAGE_KINDS, type Stoppage } from './types.ts';

/** The form's names for the fields the API's errors name. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  kind: 'Kind',
  startsAt: 'First day',
  endsAt: 'Last day',
  scope: 'Who stops work',
  'scope.clinicianIds': 'Clinicians',
  'scope.disciplines': 'Disciplines',
  'scope.centerIds': 'Medical centers',
  'scope.unionMember': 'Union membership',
  participation: 'Expected to stop work',
};

function labelOf(path: string): string {
  const exact = FIELD_LABELS[path];
  if (exact) return exact;
  // `scope.clinicianIds.3`: the field holding the bad item.
  const parent = Object.keys(FIELD_LABELS).find((key) => path.startsWith(`${key}.`));
  return parent ? (FIELD_LABELS[parent] ?? path) : path;
}

/**
 * The form asks for days; the API judges the instants it turns them into. Its "endsAt
 * must be after startsAt" is, on this form, a last day before the first (the same day
 * is one day's stoppage).
 */
function inFormTerms(error: FieldError): FieldError {
  if (error.path === 'endsAt' && /after startsAt/.test(error.message))
    return { ...error, message: 'must not be before the first day' };
  return error;
}

function toggled(list: readonly string[], value: string, on: boolean): string[] {
  return on ? [...list, value] : list.filter((v) => v !== value);
}

export function DeclareForm({ centers }: { readonly centers: readonly Center[] }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('strike');
  const [firstDay, setFirstDay] = useState('');
  const [lastDay, setLastDay] = useState('');
  const [scopeMode, setScopeMode] = useState<ScopeMode>('filters');
  const [disciplines, setDisciplines] = useState<readonly string[]>([]);
  const [centerIds, setCenterIds] = useState<readonly string[]>([]);
  const [union, setUnion] = useState<UnionChoice>('');
  const [chosen, setChosen] = useState<ChosenClinicians>(new Map());
  const [percent, setPercent] = useState('100');
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    const body = declareBody({
      name,
      kind,
      firstDay,
      lastDay,
      scopeMode,
      disciplines,
      centerIds,
      union,
      clinicianIds: [...chosen.keys()],
      participationPercent: percent,
    });
    try {
      const declared = await callApi<Stoppage>('/stoppages', { method: 'POST', body });
      navigate(wizardHref(declared.id, 'scope'));
    } catch (error) {
      setErrors(
        fieldErrorsOf(error, 'The stoppage could not be declared. Try again.').map(inFormTerms),
      );
      // The summary names what to fix; focus it so it is read first.
      setTimeout(() => summary.current?.focus(), 0);
      setBusy(false);
    }
  }

  const invalid = (path: string) => (describedBy(errors, path) ? true : undefined);

  return (
    <section className="card declare" aria-labelledby="declare-heading">
      <h2 id="declare-heading">Declare a stoppage</h2>
      {errors.length > 0 && (
        <div className="state state-error" role="alert" tabIndex={-1} ref={summary}>
          <p>
            <strong>The stoppage was not declared.</strong>
          </p>
          <ul>
            {errors.map((e) => (
              <li key={`${e.path}:${e.message}`}>
                {e.path ? `${labelOf(e.path)}: ` : ''}
                {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <div className="declare-row">
          <div className="field grow">
            <label>
              Name
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-invalid={invalid('name')}
                aria-describedby={describedBy(errors, 'name')}
              />
            </label>
            <FieldMessage errors={errors} path="name" />
          </div>
          <div className="field">
            <label>
              Kind
              <select
                value={kind}
                onChange={(e) => setKind(e.target.value)}
                aria-invalid={invalid('kind')}
                aria-describedby={describedBy(errors, 'kind')}
              >
                {STOPPAGE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_NAMES[k]}
                  </option>
                ))}
              </select>
            </label>
            <FieldMessage errors={errors} path="kind" />
          </div>
          <div className="field">
            <label>
              First day
              <input
                type="date"
                value={firstDay}
                onChange={(e) => setFirstDay(e.target.value)}
                aria-invalid={invalid('startsAt')}
                aria-describedby={describedBy(errors, 'startsAt')}
              />
            </label>
            <FieldMessage errors={errors} path="startsAt" />
          </div>
          <div className="field">
            <label>
              Last day
              <input
                type="date"
                value={lastDay}
                onChange={(e) => setLastDay(e.target.value)}
                aria-invalid={invalid('endsAt')}
                aria-describedby={describedBy(errors, 'endsAt')}
              />
            </label>
            <FieldMessage errors={errors} path="endsAt" />
          </div>
        </div>
        <fieldset className="scope" aria-describedby={describedBy(errors, 'scope')}>
          <legend>Who stops work</legend>
          <FieldMessage errors={errors} path="scope" />
          <div className="inline-choices">
            <label className="choice">
              <input
                type="radio"
                name="scope-mode"
                checked={scopeMode === 'filters'}
                onChange={() => setScopeMode('filters')}
              />
              Every active clinician matching
            </label>
            <label className="choice">
              <input
                type="radio"
                name="scope-mode"
                checked={scopeMode === 'named'}
                onChange={() => setScopeMode('named')}
              />
              Named clinicians
            </label>
          </div>
          {scopeMode === 'filters' ? (
            <div className="declare-row">
              <fieldset className="checks">
                <legend>Disciplines</legend>
                {DISCIPLINES.map(([code, label]) => (
                  <label key={code} className="choice">
                    <input
                      type="checkbox"
                      checked={disciplines.includes(code)}
                      onChange={(e) => setDisciplines(toggled(disciplines, code, e.target.checked))}
                    />
                    {label}
                  </label>
                ))}
                <span className="footnote">None ticked: every discipline.</span>
              </fieldset>
              <fieldset className="checks">
                <legend>Medical centers</legend>
                {centers.map((center) => (
                  <label key={center.id} className="choice">
                    <input
                      type="checkbox"
                      checked={centerIds.includes(center.id)}
                      onChange={(e) =>
                        setCenterIds(toggled(centerIds, center.id, e.target.checked))
                      }
                    />
                    {center.name}
                  </label>
                ))}
                <span className="footnote">None ticked: every center.</span>
              </fieldset>
              <label>
                Union membership
                <select value={union} onChange={(e) => setUnion(e.target.value as UnionChoice)}>
                  <option value="">Members and non-members</option>
                  <option value="members">Union members only</option>
                  <option value="non-members">Non-members only</option>
                </select>
              </label>
            </div>
          ) : (
            <ClinicianPicker centers={centers} chosen={chosen} onChange={setChosen} />
          )}
        </fieldset>
        <div className="declare-row">
          <div className="field">
            <label>
              Expected to stop work (%)
              <input
                type="number"
                min={1}
                max={100}
                step="any"
                value={percent}
                onChange={(e) => setPercent(e.target.value)}
                aria-invalid={invalid('participation')}
                aria-describedby={[describedBy(errors, 'participation'), 'participation-help']
                  .filter(Boolean)
                  .join(' ')}
              />
            </label>
            <span className="footnote" id="participation-help">
              Of the clinicians in scope; who they are can be corrected before the plan runs.
            </span>
            <FieldMessage errors={errors} path="participation" />
          </div>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Declaring…' : 'Declare the stoppage'}
          </button>
        </div>
      </form>
    </section>
  );
}
