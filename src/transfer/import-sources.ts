/**
 * `timely import`'s core: CSV files and FHIR Bundles into the database, all or nothing.
 * Every source is read and checked first; then, in one transaction, the rows are
 * written in dependency order and checked against the database. If anything at all
 * was wrong the transaction is rolled back and `ImportRefused` lists every problem;
 * otherwise it commits, with one audit event per record of health information it wrote
 * (`phi-audit.ts`), and the counts per table are returned.
 *
 * A record that already exists (same key) is refused, not updated: an import adds
 * records. Re-importing the same files therefore changes nothing and says why.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type AuditContext, commandAuditContext, writeAudit } from '../server/audit.ts';
import { readCsvFiles } from './csv/read-csv.ts';
import { readBundle } from './fhir/read-bundle.ts';
import { phiEvents } from './phi-audit.ts';
import { type ImportProblem, ImportRefused, sortProblems } from './problems.ts';
import { type DeclaredKeys, emptyDataset, IMPORT_ORDER, mergeInto } from './staging.ts';
import { type Counts, writeDataset } from './write-dataset.ts';

export interface ImportSource {
  /** how problems name the file: the path as the user gave it */
  readonly name: string;
  readonly text: string;
}

export type { Counts };

/** A `.json` file (or one whose text starts with `{`) is a FHIR Bundle; others are CSV. */
export function isFhirSource(source: ImportSource): boolean {
  return (
    /\.json$/i.test(source.name) ||
    (!/\.csv$/i.test(source.name) && source.text.trimStart().startsWith('{'))
  );
}

export interface ImportOptions {
  /** who imports, for the audit trail: by default a run of `timely import` */
  readonly audit?: AuditContext | undefined;
}

export async function importSources(
  db: Kysely<Database>,
  sources: readonly ImportSource[],
  { audit = commandAuditContext('import') }: ImportOptions = {},
): Promise<Counts> {
  const dataset = emptyDataset();
  const declared: DeclaredKeys = new Map();
  const problems: ImportProblem[] = [];
  const take = (read: Awaited<ReturnType<typeof readBundle>>) => {
    mergeInto(dataset, read.dataset);
    for (const [table, keys] of read.declared) {
      const into = declared.get(table) ?? new Set<string>();
      for (const key of keys) into.add(key);
      declared.set(table, into);
    }
    problems.push(...read.problems);
  };
  take(readCsvFiles(sources.filter((source) => !isFhirSource(source))));
  for (const source of sources.filter(isFhirSource)) {
    take(await readBundle(db, source.name, source.text));
  }
  return db.transaction().execute(async (trx) => {
    const written = await writeDataset(trx, dataset, declared);
    problems.push(...written.problems);
    if (problems.length > 0) throw new ImportRefused(sortProblems(problems));
    // In the import's transaction: the records and their events commit together.
    const events = IMPORT_ORDER.flatMap((table) => phiEvents(table, 'C', written.rows[table]));
    await writeAudit(trx, audit, events);
    return written.counts;
  });
}
