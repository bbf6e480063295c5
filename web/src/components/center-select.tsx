/**
 * The medical-center picker every page that filters or books by center uses: a labelled
 * select of the network's centers, with an "every center" choice (value '') when the
 * page can show them all.
 */
import type { Center } from '../api/types.ts';

export function CenterSelect({
  label = 'Medical center',
  centers,
  value,
  onChange,
  allLabel,
}: {
  readonly label?: string;
  readonly centers: readonly Center[];
  readonly value: string;
  readonly onChange: (centerId: string) => void;
  /** The label of the choice meaning every center; none when one must be picked. */
  readonly allLabel?: string;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {centers.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
