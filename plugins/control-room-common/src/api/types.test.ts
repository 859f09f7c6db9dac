import type { components, operations } from './openapi.generated';
import {
  ACTION_SOURCES,
  ADVISOR_CATEGORIES,
  ADVISOR_IMPACTS,
  AdvisorRecommendationsQuery,
  JobRunsQuery,
  KPI_DIMENSIONS,
  KpiQuery,
  PROJECT_HEALTHS,
  PROJECT_SORTS,
  ProjectsQuery,
} from './types';

/** `true` only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B
  ? 1
  : 2
  ? true
  : false;

type Query<Op extends keyof operations> = NonNullable<
  operations[Op]['parameters']['query']
>;
type Schemas = components['schemas'];

// Checked by the compiler (`yarn tsc`): a `false` here does not compile.
const sameAsSpec: true[] = [
  true as Equal<(typeof KPI_DIMENSIONS)[number], Schemas['Dimension']>,
  true as Equal<(typeof PROJECT_HEALTHS)[number], Schemas['Health']>,
  true as Equal<
    (typeof PROJECT_SORTS)[number],
    NonNullable<Query<'ListProjects'>['sort']>
  >,
  true as Equal<
    (typeof ADVISOR_CATEGORIES)[number],
    NonNullable<Query<'ListAdvisorRecommendations'>['category']>
  >,
  true as Equal<
    (typeof ADVISOR_IMPACTS)[number],
    NonNullable<Query<'ListAdvisorRecommendations'>['impact']>
  >,
  true as Equal<
    (typeof ACTION_SOURCES)[number],
    Schemas['CreateActionRequest']['source']
  >,
  true as Equal<keyof KpiQuery, keyof Query<'GetKpis'>>,
  true as Equal<keyof ProjectsQuery, keyof Query<'ListProjects'>>,
  true as Equal<keyof JobRunsQuery, keyof Query<'ListJobRuns'>>,
  true as Equal<
    keyof AdvisorRecommendationsQuery,
    keyof Query<'ListAdvisorRecommendations'>
  >,
];

describe('API types', () => {
  it('name the same enums and query parameters as the spec', () => {
    expect(sameAsSpec.every(Boolean)).toBe(true);
  });
});
