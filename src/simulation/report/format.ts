/**
 * Numbers as people read them in the report and the terminal table. Written out here
 * rather than with Intl so the output does not depend on the locale or ICU data of the
 * machine that runs the simulation.
 */

/** `value` with `decimals` decimals and a comma every three digits: 1234567.8 → "1,234,567.8". */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A share as a percentage: 0.8734 → "87.3%". */
export function formatPercent(share: number, decimals = 1): string {
  return `${formatNumber(share * 100, decimals)}%`;
}

/** Decimals that show a value to about three significant figures, at most `most`. */
export function decimalsFor(value: number, most = 2): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || magnitude === 0) return 0;
  if (magnitude >= 10) return Math.min(1, most);
  return most;
}

/** A difference with its sign: "+3.2", "-0.5"; "0" (unsigned) when it rounds to zero. */
export function formatSigned(value: number, render: (magnitude: number) => string): string {
  const text = render(Math.abs(value));
  if (!/[1-9]/.test(text)) return text;
  return `${value < 0 ? '-' : '+'}${text}`;
}
