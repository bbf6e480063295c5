/**
 * Short names of the standards (src/engine/rules/standards.ts holds the full ones and
 * their citations; the web app does not bundle the rules engine for six labels).
 */
const NAMES: Readonly<Record<string, string>> = {
  'urgent-no-prior-auth': 'Urgent, no prior auth (48 h)',
  'urgent-prior-auth': 'Urgent, prior auth (96 h)',
  'nonurgent-nonphysician-mh': 'Non-urgent, therapist (10 days)',
  'nonurgent-psychiatry': 'Non-urgent, psychiatry (15 days)',
  'followup-nonphysician-mh': 'Follow-up, therapist (10 days)',
  'telephone-triage': 'Telephone triage (30 min)',
};

export function standardName(id: string): string {
  return NAMES[id] ?? id;
}

/** The standards in the engine table's order: urgent first, as the overview lists them. */
export const STANDARD_IDS: readonly string[] = Object.keys(NAMES);

/** How the standards' units read in a sentence and on an axis. */
export const UNIT_NAMES: Readonly<Record<string, { readonly one: string; readonly many: string }>> =
  {
    'business-days': { one: 'business day', many: 'business days' },
    hours: { one: 'hour', many: 'hours' },
    minutes: { one: 'minute', many: 'minutes' },
  };
