/**
 * What each FHIR resource type's handlers do (read one, search a page), and the page of
 * a search backed by one table: keyset paging (`../pagination.ts`) with its total, a
 * bad `_cursor` named as the parameter at fault.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { readPage, type SortSpec } from '../pagination.ts';
import { Problem } from '../problem.ts';
import type { SearchPage } from './bundle.ts';
import { badParameter } from './outcome.ts';
import type { ParsedSearch } from './search-params.ts';

export type Db = Kysely<Database>;

export interface TypeHandlers {
  read(db: Db, id: string): Promise<Resource | undefined>;
  search(db: Db, search: ParsedSearch): Promise<SearchPage<Resource>>;
}

/** The first value of a search parameter that cannot repeat. */
export const first = (search: ParsedSearch, name: string): string | undefined =>
  search.params.get(name)?.[0];

/** A page of a table-backed search, with its total; a bad cursor names `_cursor`. */
export async function tablePage<TB extends keyof Database, Row extends object>(
  query: SelectQueryBuilder<Database, TB, object>,
  sort: SortSpec,
  sortKey: string,
  search: ParsedSearch,
  toResource: (row: Row) => Resource,
): Promise<SearchPage<Resource>> {
  const filters = Object.fromEntries(search.params);
  const counted = query.select((eb) => eb.fn.countAll<number | string>().as('n'));
  try {
    const [page, total] = await Promise.all([
      readPage(query.selectAll() as unknown as SelectQueryBuilder<Database, TB, Row>, sort, {
        sort: sortKey,
        limit: search.count,
        cursor: search.cursor,
        filters,
      }),
      counted.executeTakeFirstOrThrow(),
    ]);
    return {
      resources: page.items.map(toResource),
      nextCursor: page.nextCursor,
      total: Number((total as { n: number | string }).n),
    };
  } catch (error) {
    if (error instanceof Problem && error.errors?.[0]?.path === 'cursor') {
      throw badParameter('_cursor', error.errors[0].message);
    }
    throw error;
  }
}
