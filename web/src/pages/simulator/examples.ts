/**
 * The answer of `GET /scenarios` (src/server/routes/scenarios.ts): the example scenarios,
 * each resolved by the server's loader and with its YAML as written.
 */
import type { Scenario } from '../../../../src/engine/simulation/scenario.ts';

export interface ExampleScenario {
  /** The file in examples/, as another example's `extends` names it. */
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly scenario: Scenario;
  readonly source: string;
}

export interface ExampleScenarios {
  readonly scenarios: readonly ExampleScenario[];
}
