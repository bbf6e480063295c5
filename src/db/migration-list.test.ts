/** The written list of migrations is the folder's, file for file. */
import { describe, expect, it } from 'vitest';
import { MigrationFolder, MigrationList } from './migrate.ts';

describe('the list of migrations', () => {
  it('names every file in migrations/, in order, and each loads its up()', async () => {
    expect(new MigrationList().names()).toEqual(await new MigrationFolder().names());
    const loaded = await new MigrationList().getMigrations();
    expect(Object.keys(loaded)).toEqual(await new MigrationFolder().names());
    for (const migration of Object.values(loaded)) expect(typeof migration.up).toBe('function');
  });
});
