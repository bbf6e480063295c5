/**
 * The clinicians directory (GET /clinicians): a table filtered by medical center and
 * discipline, 50 rows a page with the API's cursor ("Next page"; "Previous page" walks
 * back through the cursors already seen). The filters live in the address, so a
 * filtered view can be shared and survives a reload.
 */
import { useState } from 'react';
import type { Center, Clinician, Page } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { navigate, useLocation } from '../app/router.ts';
import { CenterSelect } from '../components/center-select.tsx';
import { Empty, Failure, Loading } from '../components/states.tsx';
import { TableRegion } from '../components/table-region.tsx';

const DISCIPLINES: readonly [string, string][] = [
  ['psychologist', 'Psychologist'],
  ['lcsw', 'Clinical social worker (LCSW)'],
  ['lmft', 'Marriage & family therapist (LMFT)'],
  ['psychiatrist', 'Psychiatrist'],
];
/** In the table, the short names a scheduler uses. */
const DISCIPLINE_NAMES = new Map([
  ['psychologist', 'Psychologist'],
  ['lcsw', 'LCSW'],
  ['lmft', 'LMFT'],
  ['psychiatrist', 'Psychiatrist'],
]);
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });
const PAGE_SIZE = 50;

export function CliniciansPage() {
  const { search } = useLocation();
  const filters = new URLSearchParams(search);
  const center = filters.get('center') ?? '';
  const discipline = filters.get('discipline') ?? '';
  // Cursors of the pages before this one; the last is this page's.
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const [attempt, setAttempt] = useState(0);

  const query = new URLSearchParams({ limit: String(PAGE_SIZE), sort: 'name' });
  if (center) query.set('center', center);
  if (discipline) query.set('discipline', discipline);
  const cursor = cursors.at(-1);
  if (cursor) query.set('cursor', cursor);
  const clinicians = useApi<Page<Clinician>>(`/clinicians?${query}`, attempt);
  const centers = useApi<Page<Center>>('/centers?limit=200');
  const centerNames = new Map(
    centers.state === 'ready' ? centers.data.items.map((c) => [c.id, c.name]) : [],
  );

  const setFilter = (name: 'center' | 'discipline', value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setCursors([]);
    const text = next.toString();
    navigate(`/app/clinicians${text ? `?${text}` : ''}`, { replace: true });
  };

  return (
    <section>
      <h1 tabIndex={-1}>Clinicians</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <CenterSelect
          centers={centers.state === 'ready' ? centers.data.items : []}
          value={center}
          allLabel="All centers"
          onChange={(id) => setFilter('center', id)}
        />
        <label>
          Discipline
          <select
            value={discipline}
            onChange={(event) => setFilter('discipline', event.target.value)}
          >
            <option value="">All disciplines</option>
            {DISCIPLINES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </form>
      {centers.state === 'error' && <Failure message={centers.message} />}
      {clinicians.state === 'loading' && <Loading what="clinicians" />}
      {clinicians.state === 'error' && (
        <Failure message={clinicians.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {clinicians.state === 'ready' && clinicians.data.items.length === 0 && (
        <Empty>No clinician matches these filters.</Empty>
      )}
      {clinicians.state === 'ready' && clinicians.data.items.length > 0 && (
        <>
          <TableRegion label="Clinicians">
            <table>
              <caption className="visually-hidden">
                Clinicians, page {cursors.length + 1}, sorted by name
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Discipline</th>
                  <th scope="col">Medical center</th>
                  <th scope="col">Languages</th>
                  <th scope="col">Sees patients</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {clinicians.data.items.map((c) => (
                  <tr key={`${c.centerId}/${c.id}`}>
                    <th scope="row">{c.name}</th>
                    <td>{DISCIPLINE_NAMES.get(c.discipline) ?? c.discipline}</td>
                    <td>{centerNames.get(c.centerId) ?? c.centerId}</td>
                    <td>{c.languages.map(languageName).join(', ')}</td>
                    <td>
                      {c.modalities
                        .map((m) => (m === 'in-person' ? 'In person' : 'Video'))
                        .join(' · ')}
                    </td>
                    <td>{c.active ? 'Active' : 'Inactive'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <nav className="pager" aria-label="Pages of clinicians">
            <button
              type="button"
              disabled={cursors.length === 0}
              onClick={() => setCursors((list) => list.slice(0, -1))}
            >
              Previous page
            </button>
            <span>Page {cursors.length + 1}</span>
            <button
              type="button"
              disabled={clinicians.data.nextCursor === null}
              onClick={() => {
                const next = clinicians.data.nextCursor;
                if (next !== null) setCursors((list) => [...list, next]);
              }}
            >
              Next page
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

function languageName(code: string): string {
  try {
    return LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}
