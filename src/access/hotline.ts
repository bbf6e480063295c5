/**
 * The regulator's help line the public status page points to: California's Department of
 * Managed Health Care (DMHC) Help Center, which takes complaints from members who cannot
 * get timely care from their health plan (HSC § 1368.02; SPEC.md, "Disruption"). One
 * definition for the API and the web page (which shows it even when the figures fail to
 * load).
 */
export const REGULATOR_HOTLINE = {
  name: 'DMHC Help Center',
  /** As people dial it. */
  number: '(888) 466-2219',
  /** RFC 3966 `tel:` URI. */
  telephone: 'tel:+1-888-466-2219',
  purpose:
    'California’s Department of Managed Health Care, which regulates health plans, takes ' +
    'calls from members whose plan does not give them an appointment within the time the ' +
    'law allows, and complaints about a plan.',
} as const;
