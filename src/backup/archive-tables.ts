/**
 * The tables a pg_dump archive holds, from `pg_restore --list`'s table of contents, whose
 * lines read `229; 1259 16397 TABLE public appointments postgres` (id; catalog oid,
 * object oid, type, schema, name, owner). Listing also proves the archive readable
 * before anything is changed.
 */
export interface ArchiveTable {
  readonly schema: string;
  readonly name: string;
}

// "TABLE DATA" lines name the same tables again: the negative look-ahead skips them.
const TABLE_LINE = /^\d+;\s+\d+\s+\d+\s+TABLE\s+(?!DATA\s)(\S+)\s+(\S+)/;

export function parseArchiveTables(list: string): ArchiveTable[] {
  const tables: ArchiveTable[] = [];
  for (const line of list.split('\n')) {
    const match = TABLE_LINE.exec(line);
    if (match) tables.push({ schema: match[1]!, name: match[2]! });
  }
  return tables;
}
