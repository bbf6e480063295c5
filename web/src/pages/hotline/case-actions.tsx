/**
 * Working a case from its page: assign it, move it along its flow (open → investigating
 * → resolved | closed, settling with a resolution code of the right kind), reopen it,
 * match it to a member, or add a note. Each calls the API and, done, asks the page to
 * read the case again; a refusal (409 "reopen it first", 422 a missing code) is shown
 * where the button is.
 */
import { type FormEvent, useState } from 'react';
import { RESOLUTION_CODES } from '../../../../src/hotline/case-codes.ts';
import { ApiError, callApi } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { resolutionLabel } from './labels.ts';
import { MemberLookup } from './member-lookup.tsx';
import type { CaseDetail, FoundMember, Person } from './types.ts';

function useAction(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setMessage(null);
    try {
      await action();
      onDone();
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : 'That did not work. Try again.');
    } finally {
      setBusy(false);
    }
  }
  return { busy, message, run };
}

function Refusal({ message }: { readonly message: string | null }) {
  return message === null ? null : (
    <p className="state state-error" role="alert">
      {message}
    </p>
  );
}

export function CaseActions({
  detail,
  url,
  onChanged,
}: {
  readonly detail: CaseDetail;
  readonly url: string;
  readonly onChanged: () => void;
}) {
  const action = useAction(onChanged);
  const assignees = useApi<{ items: readonly Person[] }>('/hotline/assignees');
  const [assignee, setAssignee] = useState(detail.assignedTo?.id ?? '');
  const [settleAs, setSettleAs] = useState<'resolved' | 'closed'>('resolved');
  const [code, setCode] = useState('');
  const [reopenNote, setReopenNote] = useState('');
  const patch = (body: unknown) => callApi(url, { method: 'PATCH', body });
  const settled = detail.status === 'resolved' || detail.status === 'closed';

  return (
    <section className="card" aria-labelledby="work-heading">
      <h3 id="work-heading">Work the case</h3>
      {!settled && (
        <form
          className="filters"
          onSubmit={(event) => {
            event.preventDefault();
            void action.run(() => patch({ assignedTo: assignee || null }));
          }}
        >
          <label>
            Assigned to
            <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              <option value="">Nobody</option>
              {assignees.state === 'ready' &&
                assignees.data.items.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </label>
          <button type="submit" disabled={action.busy}>
            Assign
          </button>
        </form>
      )}
      {detail.status === 'open' && (
        <div className="actions">
          <button
            type="button"
            disabled={action.busy}
            onClick={() => void action.run(() => patch({ status: 'investigating' }))}
          >
            Start investigating
          </button>
        </div>
      )}
      {detail.status === 'investigating' && (
        <form
          className="filters"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            void action.run(() =>
              patch({ status: settleAs, ...(code ? { resolutionCode: code } : {}) }),
            );
          }}
        >
          <fieldset className="inline-choices">
            <legend className="visually-hidden">Settle as</legend>
            {(['resolved', 'closed'] as const).map((status) => (
              <label key={status}>
                <input
                  type="radio"
                  name="settle-as"
                  checked={settleAs === status}
                  onChange={() => {
                    setSettleAs(status);
                    setCode('');
                  }}
                />
                {status === 'resolved' ? 'Resolve' : 'Close'}
              </label>
            ))}
          </fieldset>
          <label>
            Resolution code
            <select value={code} onChange={(e) => setCode(e.target.value)}>
              <option value="">Choose a code</option>
              {RESOLUTION_CODES[settleAs].map((c) => (
                <option key={c} value={c}>
                  {resolutionLabel(c)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={action.busy}>
            {settleAs === 'resolved' ? 'Resolve the case' : 'Close the case'}
          </button>
        </form>
      )}
      {settled && (
        <form
          className="filters"
          onSubmit={(event) => {
            event.preventDefault();
            void action.run(() =>
              callApi(`${url}/reopen`, {
                method: 'POST',
                body: reopenNote.trim() ? { note: reopenNote.trim() } : {},
              }),
            );
          }}
        >
          <label className="grow">
            Why it is reopened (kept as a note)
            <input value={reopenNote} onChange={(e) => setReopenNote(e.target.value)} />
          </label>
          <button type="submit" disabled={action.busy}>
            Reopen
          </button>
        </form>
      )}
      <Refusal message={action.message} />
    </section>
  );
}

export function MatchMember({
  url,
  onChanged,
}: {
  readonly url: string;
  readonly onChanged: () => void;
}) {
  const action = useAction(onChanged);
  const [member, setMember] = useState<FoundMember | null>(null);
  return (
    <section className="card" aria-labelledby="match-heading">
      <h3 id="match-heading">Match the member</h3>
      <p className="lede">
        This case was recorded without finding the member. Find them to link it.
      </p>
      <MemberLookup picked={member} onPick={setMember} legend="Member look-up" />
      <div className="actions">
        <button
          type="button"
          disabled={member === null || action.busy}
          onClick={() =>
            void action.run(() =>
              callApi(`${url}/match`, {
                method: 'POST',
                body: { member: { centerId: member!.centerId, id: member!.id } },
              }),
            )
          }
        >
          Match to this member
        </button>
      </div>
      <Refusal message={action.message} />
    </section>
  );
}

export function AddNote({
  url,
  onChanged,
}: {
  readonly url: string;
  readonly onChanged: () => void;
}) {
  const [text, setText] = useState('');
  const action = useAction(() => {
    setText('');
    onChanged();
  });
  return (
    <form
      className="note-form"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(() => callApi(`${url}/notes`, { method: 'POST', body: { text } }));
      }}
    >
      <label className="block">
        New note
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={3}
          maxLength={4000}
        />
      </label>
      <div className="actions">
        <button type="submit" disabled={action.busy}>
          Add the note
        </button>
      </div>
      <Refusal message={action.message} />
    </form>
  );
}
