/**
 * The scenario reference is generated from the schema and must stay in step with it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  REGENERATE_COMMAND,
  renderScenarioReference,
  SCENARIO_DOCS_FILE,
  withScenarioReference,
} from './scenario-docs.ts';
import type { JsonSchemaNode } from './scenario-json-schema.ts';

describe('docs/scenarios.md', () => {
  it('is up to date with the schema', () => {
    const current = readFileSync(SCENARIO_DOCS_FILE, 'utf8');
    const hint = `docs/scenarios.md is out of date with the scenario schema: run \`${REGENERATE_COMMAND}\``;
    expect(withScenarioReference(current) === current, hint).toBe(true);
  });

  it('documents every field of the schema', () => {
    const reference = renderScenarioReference();
    for (const path of [
      'name',
      'network.adminHoursPerWeek',
      'network.template.weekdays',
      'demand.course.psychiatry.intervalDays',
      'stoppages[].participation',
      'external.surges[].providers',
      'costs.externalVisitCost',
    ]) {
      expect(reference).toContain(`| \`${path}\` |`);
    }
  });
});

describe('renderScenarioReference', () => {
  const schema: JsonSchemaNode = {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, description: 'what | it is called' },
      share: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'a share' },
      plan: {
        type: 'object',
        default: {},
        description: 'the plan',
        properties: {
          weekdays: {
            type: 'array',
            items: { type: 'integer', minimum: 1, maximum: 7 },
            minItems: 1,
            default: [1, 2],
          },
          first: { type: 'string', format: 'date', description: 'first day' },
        },
      },
    },
  };

  it('gives each field its path, type, default, allowed values and meaning', () => {
    expect(renderScenarioReference(schema)).toBe(
      [
        '### Top level',
        '',
        '| Field | Type | Default | Allowed | Meaning |',
        '|---|---|---|---|---|',
        '| `name` | string | **required** | not empty | what \\| it is called |',
        '| `share` | number | `0.5` | 0 – 1 | a share |',
        '',
        '### `plan`',
        '',
        'The plan.',
        '',
        '| Field | Type | Default | Allowed | Meaning |',
        '|---|---|---|---|---|',
        '| `plan.weekdays` | list of whole numbers | `[1,2]` | at least 1 item; each 1 – 7 |  |',
        '| `plan.first` | date (YYYY-MM-DD) | — |  | first day |',
        '',
      ].join('\n'),
    );
  });

  it('refuses a docs file that lost its markers, rather than append to it', () => {
    expect(() => withScenarioReference('# Scenarios\n')).toThrow(/lost their markers/);
  });
});
