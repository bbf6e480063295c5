/**
 * Recording a call: who called (the member, or someone on their behalf), the member
 * (found by the look-up, or not found: what the caller gave and the center they name),
 * the category, the caller's account, and whether the caller reports a serious threat
 * to health (urgent: 72 hours; else 30 days). The server's refusals are shown next to
 * the fields they name, and in a summary that takes focus.
 */
import { type FormEvent, type RefObject, useRef, useState } from 'react';
import {
  CALLER_RELATIONS,
  CASE_CATEGORIES,
  type CallerRelation,
} from '../../../../src/hotline/case-codes.ts';
import { ApiError, callApi } from '../../api/client.ts';
import type { Center } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { CenterSelect } from '../../components/center-select.tsx';
import { CATEGORY_LABELS, RELATION_LABELS } from './labels.ts';
import { HOTLINE_PATH } from './links.ts';
import { MemberLookup } from './member-lookup.tsx';
import type { FoundMember, HotlineCase } from './types.ts';

interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** The refusal's field errors, or one error for the whole form. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  if (error instanceof ApiError) {
    const listed = error.problem?.errors;
    if (Array.isArray(listed) && listed.length > 0) {
      return listed.map((e: { path?: unknown; message?: unknown }) => ({
        path: String(e.path ?? ''),
        message: String(e.message ?? ''),
      }));
    }
    return [{ path: '', message: error.message }];
  }
  return [{ path: '', message: 'The case could not be recorded. Try again.' }];
}

function FieldMessage({
  errors,
  path,
}: {
  readonly errors: readonly FieldError[];
  readonly path: string;
}) {
  const mine = errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`));
  if (mine.length === 0) return null;
  return (
    <span className="field-error" id={`err-${path}`}>
      {mine.map((e) => e.message).join('; ')}
    </span>
  );
}

/** The form's names for the fields the API's errors name. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  'caller.name': 'Caller’s name',
  member: 'Member',
  'member.centerId': 'Member',
  unknownMember: 'Member not found',
  'unknownMember.memberNumber': 'Member number given',
  'unknownMember.name': 'Name given',
  'unknownMember.birthDate': 'Birth date',
  'unknownMember.centerId': 'Medical center the caller names',
  category: 'Category',
  account: 'The caller’s account',
  urgency: 'Urgency',
  receivedAt: 'Time of the call',
};

export function IntakeForm({
  centers,
  headingRef,
  onRecorded,
}: {
  readonly centers: readonly Center[];
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
  readonly onRecorded: (recorded: HotlineCase) => void;
}) {
  const [onBehalf, setOnBehalf] = useState(false);
  const [relation, setRelation] = useState<CallerRelation>('parent-or-guardian');
  const [callerName, setCallerName] = useState('');
  const [memberKnown, setMemberKnown] = useState(true);
  const [member, setMember] = useState<FoundMember | null>(null);
  const [givenNumber, setGivenNumber] = useState('');
  const [givenName, setGivenName] = useState('');
  const [givenBirthDate, setGivenBirthDate] = useState('');
  const [givenCenter, setGivenCenter] = useState('');
  const [category, setCategory] = useState('');
  const [account, setAccount] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  function body(): Record<string, unknown> {
    const fields: Record<string, unknown> = {
      caller: onBehalf ? { relation, name: callerName } : { relation: 'self' },
      category: category || undefined,
      account,
      urgency: urgent ? 'urgent' : 'standard',
    };
    if (memberKnown) {
      if (member) fields.member = { centerId: member.centerId, id: member.id };
    } else {
      const unknown: Record<string, string> = { centerId: givenCenter };
      if (givenNumber.trim()) unknown.memberNumber = givenNumber.trim();
      if (givenName.trim()) unknown.name = givenName.trim();
      if (givenBirthDate) unknown.birthDate = givenBirthDate;
      fields.unknownMember = unknown;
    }
    return fields;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    try {
      onRecorded(await callApi<HotlineCase>('/hotline/cases', { method: 'POST', body: body() }));
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      // The summary names what to fix; focus it so it is read first.
      setTimeout(() => summary.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  const described = (path: string) =>
    errors.some((e) => e.path === path || e.path.startsWith(`${path}.`))
      ? `err-${path}`
      : undefined;

  return (
    <section className="card" aria-labelledby="intake-heading">
      <h2 id="intake-heading" ref={headingRef} tabIndex={-1}>
        Record a call
      </h2>
      {errors.length > 0 && (
        <div className="state state-error" role="alert" tabIndex={-1} ref={summary}>
          <p>
            <strong>The case was not recorded.</strong>
          </p>
          <ul>
            {errors.map((e) => (
              <li key={`${e.path}:${e.message}`}>
                {e.path ? `${FIELD_LABELS[e.path] ?? e.path}: ` : ''}
                {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form className="intake" onSubmit={submit} noValidate>
        <fieldset>
          <legend>Who is calling</legend>
          <label className="choice">
            <input
              type="radio"
              name="caller"
              checked={!onBehalf}
              onChange={() => setOnBehalf(false)}
            />
            The member
          </label>
          <label className="choice">
            <input
              type="radio"
              name="caller"
              checked={onBehalf}
              onChange={() => setOnBehalf(true)}
            />
            Someone on the member’s behalf
          </label>
          {onBehalf && (
            <div className="field-row">
              <label>
                Relation to the member
                <select
                  value={relation}
                  onChange={(e) => setRelation(e.target.value as CallerRelation)}
                >
                  {CALLER_RELATIONS.filter((r) => r !== 'self').map((r) => (
                    <option key={r} value={r}>
                      {RELATION_LABELS[r]}
                    </option>
                  ))}
                </select>
              </label>
              <div className="field">
                <label>
                  Caller’s name
                  <input
                    value={callerName}
                    onChange={(e) => setCallerName(e.target.value)}
                    aria-describedby={described('caller.name')}
                    autoComplete="off"
                  />
                </label>
                <FieldMessage errors={errors} path="caller.name" />
              </div>
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>The member</legend>
          <label className="choice">
            <input
              type="radio"
              name="member-known"
              checked={memberKnown}
              onChange={() => setMemberKnown(true)}
            />
            Find the member
          </label>
          <label className="choice">
            <input
              type="radio"
              name="member-known"
              checked={!memberKnown}
              onChange={() => setMemberKnown(false)}
            />
            Not found: record what the caller gives (the case is flagged for matching)
          </label>
          {memberKnown ? (
            <>
              <MemberLookup picked={member} onPick={setMember} legend="Member look-up" />
              <FieldMessage errors={errors} path="member" />
            </>
          ) : (
            <div className="field-row">
              <div className="field">
                <label>
                  Member number given
                  <input
                    value={givenNumber}
                    onChange={(e) => setGivenNumber(e.target.value)}
                    aria-describedby={described('unknownMember.memberNumber')}
                    autoComplete="off"
                  />
                </label>
                <FieldMessage errors={errors} path="unknownMember.memberNumber" />
              </div>
              <label>
                Name given
                <input
                  value={givenName}
                  onChange={(e) => setGivenName(e.target.value)}
                  autoComplete="off"
                />
              </label>
              <div className="field">
                <label>
                  Birth date
                  <input
                    type="date"
                    value={givenBirthDate}
                    onChange={(e) => setGivenBirthDate(e.target.value)}
                    aria-describedby={described('unknownMember.birthDate')}
                  />
                </label>
                <FieldMessage errors={errors} path="unknownMember.birthDate" />
              </div>
              <div className="field">
                <CenterSelect
                  label="Medical center the caller names"
                  centers={centers}
                  allLabel="Choose a center"
                  value={givenCenter}
                  onChange={setGivenCenter}
                />
                <FieldMessage errors={errors} path="unknownMember.centerId" />
              </div>
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>The complaint</legend>
          <div className="field">
            <label>
              Category
              <select
                value={category}
                onChange={(e) => setCategory(e.target.value)}
                aria-describedby={described('category')}
              >
                <option value="">Choose a category</option>
                {CASE_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {CATEGORY_LABELS[c]}
                  </option>
                ))}
              </select>
            </label>
            <FieldMessage errors={errors} path="category" />
          </div>
          <label className="block">
            The caller’s account
            <textarea
              value={account}
              onChange={(e) => setAccount(e.target.value)}
              rows={5}
              maxLength={4000}
              aria-describedby={described('account')}
            />
          </label>
          <FieldMessage errors={errors} path="account" />
          <label className="choice urgent-choice">
            <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} />
            <span>
              The caller reports a serious threat to the member’s health: <strong>urgent</strong>,
              to be resolved within 72 hours (otherwise within 30 days)
            </span>
          </label>
        </fieldset>

        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Recording…' : 'Record the case'}
          </button>
          <button type="button" className="secondary" onClick={() => navigate(HOTLINE_PATH)}>
            Back to the queue
          </button>
        </div>
      </form>
    </section>
  );
}
