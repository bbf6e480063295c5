/**
 * The wizard's steps and its address: `/app/disruption?stoppage=ID&step=preview`, so a
 * reload or a shared link opens the same step. Which steps a stoppage has follows its
 * status (draft → executing → active → ended): there is no execution to watch before
 * one started, and no impact to report on a draft.
 */
import type { StoppageStatus } from '../../../../src/disruption/model.ts';

export const DISRUPTION_PATH = '/app/disruption';

export const STEPS = ['scope', 'preview', 'progress', 'report'] as const;
export type Step = (typeof STEPS)[number];

export const STEP_TITLES: Readonly<Record<Step, string>> = {
  scope: 'Who stops work',
  preview: 'The plan',
  progress: 'Execution',
  report: 'Impact report',
};

export function parseStep(value: string | null): Step | null {
  return STEPS.find((step) => step === value) ?? null;
}

/** Whether a stoppage in this status has the step. */
export function hasStep(status: StoppageStatus, step: Step): boolean {
  if (step === 'scope' || step === 'preview') return true;
  return status !== 'draft';
}

/** The step a stoppage opens at when the address names none (or one it lacks). */
export function stepFor(status: StoppageStatus, asked: Step | null, previewed: boolean): Step {
  if (asked !== null && hasStep(status, asked)) return asked;
  if (status === 'draft') return previewed ? 'preview' : 'scope';
  if (status === 'executing') return 'progress';
  return 'report';
}

/** The address of a stoppage's step (or of the list, with no stoppage). */
export function wizardHref(stoppageId?: string, step?: Step): string {
  if (stoppageId === undefined) return DISRUPTION_PATH;
  const query = new URLSearchParams({ stoppage: stoppageId });
  if (step !== undefined) query.set('step', step);
  return `${DISRUPTION_PATH}?${query}`;
}
