/**
 * A wide table's scrolling box. It can scroll sideways on a narrow screen, so keyboard
 * users must be able to focus it to scroll (WCAG 2.1.1; axe `scrollable-region-focusable`),
 * and a focusable region needs a name.
 */
import type { ReactNode } from 'react';

export function TableRegion({
  label,
  id,
  children,
}: {
  readonly label: string;
  readonly id?: string;
  readonly children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
    <section className="table-wrap" id={id} aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
