/**
 * Every migration, by name, in order: a written list rather than a scan of the folder,
 * so `npm start`'s bundled server (which has no folder of TypeScript files to scan)
 * migrates exactly as the command line does. Each module loads only when the schema is
 * behind. `migration-list.test.ts` fails when a file in `migrations/` is missing here.
 */
import type { Kysely } from 'kysely';

type Up = (db: Kysely<unknown>) => Promise<void>;

export const MIGRATION_MODULES: Readonly<Record<string, () => Promise<{ up: Up }>>> = {
  '0001_extensions': () => import('./migrations/0001_extensions.ts'),
  '0002_network': () => import('./migrations/0002_network.ts'),
  '0003_care': () => import('./migrations/0003_care.ts'),
  '0004_audit_events': () => import('./migrations/0004_audit_events.ts'),
  '0005_booking': () => import('./migrations/0005_booking.ts'),
  '0006_booking_changes': () => import('./migrations/0006_booking_changes.ts'),
  '0007_accounts': () => import('./migrations/0007_accounts.ts'),
  '0008_request_queue': () => import('./migrations/0008_request_queue.ts'),
  '0009_request_outcomes': () => import('./migrations/0009_request_outcomes.ts'),
  '0010_hotline_cases': () => import('./migrations/0010_hotline_cases.ts'),
  '0011_cancelled_by': () => import('./migrations/0011_cancelled_by.ts'),
  '0012_access_rollup': () => import('./migrations/0012_access_rollup.ts'),
  '0013_provider_survey': () => import('./migrations/0013_provider_survey.ts'),
  '0014_utilisation': () => import('./migrations/0014_utilisation.ts'),
  '0015_disruption': () => import('./migrations/0015_disruption.ts'),
  '0016_booking_statement': () => import('./migrations/0016_booking_statement.ts'),
  '0017_access_version': () => import('./migrations/0017_access_version.ts'),
};
