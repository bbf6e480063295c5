/** The provider survey's route and refresher on embedded PGlite, in a temporary folder: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../db/test-databases.ts';
import { describeProviderSurvey } from './provider-survey.suite.ts';

describe('provider survey on PGlite', () => {
  describeProviderSurvey(openTempPglite);
});
