/**
 * Finding the caller's member: one field for a member number (anything with a digit
 * is taken as one, matched exactly) or a name (matched from the start of any word),
 * the members found as a radio group to pick from. Used by intake and by matching.
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError, callApi } from '../../api/client.ts';
import type { FoundMember } from './types.ts';

type Search =
  | { readonly kind: 'idle' }
  | { readonly kind: 'searching' }
  | { readonly kind: 'found'; readonly members: readonly FoundMember[] }
  | { readonly kind: 'error'; readonly message: string };

export function lookupPath(text: string): string {
  const value = text.trim();
  const field = /\d/.test(value) ? 'memberNumber' : 'name';
  return `/hotline/members?${new URLSearchParams({ [field]: value })}`;
}

export function MemberLookup({
  picked,
  onPick,
  legend = 'Member',
}: {
  readonly picked: FoundMember | null;
  readonly onPick: (member: FoundMember | null) => void;
  readonly legend?: string;
}) {
  const [text, setText] = useState('');
  const [search, setSearch] = useState<Search>({ kind: 'idle' });
  const id = useId();

  async function find(event?: FormEvent) {
    event?.preventDefault();
    if (text.trim().length < 2) {
      setSearch({
        kind: 'error',
        message: 'Type a member number or at least 2 letters of a name.',
      });
      return;
    }
    setSearch({ kind: 'searching' });
    onPick(null);
    try {
      const answer = await callApi<{ items: FoundMember[] }>(lookupPath(text));
      setSearch({ kind: 'found', members: answer.items });
      if (answer.items.length === 1) onPick(answer.items[0]!);
    } catch (error) {
      setSearch({
        kind: 'error',
        message: error instanceof ApiError ? error.message : 'The look-up failed.',
      });
    }
  }

  return (
    <fieldset className="lookup">
      <legend>{legend}</legend>
      <div className="lookup-row">
        <label htmlFor={`${id}-text`}>Member number or name</label>
        <input
          id={`${id}-text`}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            // Enter searches here instead of submitting the form around it.
            if (event.key === 'Enter') {
              event.preventDefault();
              void find();
            }
          }}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
        />
        <button type="button" onClick={() => void find()} disabled={search.kind === 'searching'}>
          Find member
        </button>
      </div>
      <p id={`${id}-hint`} className="footnote">
        A member number is matched exactly; a name from the start of any of its words.
      </p>
      <div role="status" aria-live="polite">
        {search.kind === 'searching' && <p className="state">Looking up…</p>}
        {search.kind === 'error' && <p className="state state-error">{search.message}</p>}
        {search.kind === 'found' && search.members.length === 0 && (
          <p className="state state-empty">No member found.</p>
        )}
        {search.kind === 'found' && search.members.length === 20 && (
          <p className="footnote">The first 20 shown: type more of the name to narrow it.</p>
        )}
      </div>
      {search.kind === 'found' && search.members.length > 0 && (
        <ul className="lookup-results" aria-label="Members found">
          {search.members.map((m) => (
            <li key={`${m.centerId}/${m.id}`}>
              <label>
                <input
                  type="radio"
                  name={`${id}-member`}
                  checked={picked?.centerId === m.centerId && picked.id === m.id}
                  onChange={() => onPick(m)}
                />
                <span>
                  <strong>{m.name}</strong> · {m.memberNumber}
                  {m.birthDate && ` · born ${m.birthDate}`} · {m.centerName}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
