/** The role matrix on embedded PGlite: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../../db/test-databases.ts';
import { describeRoleMatrix } from './role-matrix.suite.ts';

describe('roles and sessions on PGlite', () => {
  describeRoleMatrix(openTempPglite);
});
