/**
 * `GET /scenarios`: the example scenarios shipped in `examples/` (baseline, employer
 * offer, union ask, strike…), for the web app's simulator to start from.
 *
 * Each is resolved by the CLI's own loader (`loadScenario`: `extends` followed, files
 * laid over their parents, the result validated), so the page runs exactly what
 * `timely simulate examples/<file>` would. The YAML text comes too: the page edits it,
 * and a child's `extends: baseline.yaml` names another example of this list.
 *
 * Model inputs only — no member, request or clinician of the plan's records — so every
 * role that reads aggregates or plans may have them (src/auth/policy.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Scenario, scenarioSchema } from '../../engine/simulation/scenario.ts';
import { projectPath } from '../../project-path.ts';
import { loadScenarios } from '../../simulation/load-scenario.ts';
import { hasScenarioExtension } from '../../simulation/scenario-source.ts';
import type { RouteOptions } from '../app.ts';
import { problemResponses } from '../problem.ts';

/** The example scenario files, shipped with Timely. */
export const EXAMPLES_DIR = `${projectPath('examples')}/`;

const exampleSchema = z.object({
  file: z.string().meta({ description: 'the file in examples/, as `extends` names it' }),
  name: z.string(),
  description: z.string(),
  scenario: scenarioSchema.meta({
    description: 'the scenario resolved: `extends` merged, defaults filled in, validated',
  }),
  source: z.string().meta({ description: 'the file as written (YAML)' }),
});

const responseSchema = z
  .object({ scenarios: z.array(exampleSchema) })
  .meta({ id: 'ExampleScenarios' });

export type ExampleScenario = z.infer<typeof exampleSchema>;

/** Every example in `directory`, by file name, each resolved and validated. */
export async function readExampleScenarios(
  directory: string = EXAMPLES_DIR,
): Promise<ExampleScenario[]> {
  const files = (await readdir(directory)).filter(hasScenarioExtension).sort();
  // All at once: one broken example fails the lot with every problem listed (a 500 to the
  // caller, the problems in the log), rather than a list silently short of a file.
  const scenarios: Scenario[] = loadScenarios(files, { cwd: directory });
  const sources = await Promise.all(files.map((file) => readFile(join(directory, file), 'utf8')));
  return files.map((file, i) => {
    const scenario = scenarios[i]!;
    return {
      file,
      name: scenario.name,
      description: scenario.description,
      scenario,
      source: sources[i]!.replace(/^\uFEFF/, ''),
    };
  });
}

export const scenarioRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app) => {
  // The examples are part of the installed program, not data: read once, on first use.
  // A failed read is not kept, so the next request tries again.
  let examples: Promise<ExampleScenario[]> | undefined;

  app.get(
    '/scenarios',
    {
      schema: {
        tags: ['simulation'],
        summary: 'The example scenarios, resolved and validated, with their YAML source',
        response: { 200: responseSchema, ...problemResponses(401, 403) },
      },
    },
    async () => {
      examples ??= readExampleScenarios().catch((error: unknown) => {
        examples = undefined;
        throw error;
      });
      return { scenarios: await examples };
    },
  );
};
