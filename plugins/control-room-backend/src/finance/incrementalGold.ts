import {
  DataQualityCheck,
  dataQualityIssues,
  fxRates,
  goldChecks,
  Lakehouse,
  notionProjects,
  lakehouseTables,
  qualifiedTableName,
  silverChecks,
  SqlParams,
} from '@finance-ppm/plugin-control-room-node';
import { orderModels, SqlModel } from '../lakehouse/models';
import {
  ColumnRef,
  ModelScope,
  renderScopedModel,
  scopeParameters,
  selectInParts,
  ScopedStatement,
} from '../lakehouse/scopedModels';
import {
  DataQualityResult,
  EvaluatedChecks,
  evaluateDataQualityChecks,
  readPreviousFailing,
  recordIssues,
  recordMetrics,
  ScopedCheck,
} from '../quality/runDataQualityChecks';

/** Runs `run` on the first call; later calls share its promise. */
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= run());
}

/** Rows matching any of the parts, as one condition. */
function anyOf(parts: readonly string[]): string {
  return parts.map(part => `(${part})`).join('\n      OR ');
}

/** Rows of a table that belong to the touched projects. */
const byProject =
  (column = 'project_id'): ModelScope['replaces'] =>
  (c, list) =>
    `${c(column)} IN ${list}`;

/**
 * The program, category and vendor totals a change of the touched projects
 * can move: the members the projects' lines and cloud spend counted in
 * before the change and count in after it.
 */
export interface TouchedMembers {
  /** 'all' when a touched project's program before the change is unknown. */
  programs: readonly string[] | 'all';
  categories: readonly string[];
  vendors: readonly string[];
  /** Whether the change can move a row of gold.azure_advisor_recs. */
  advisorRecommendations: boolean;
}

/** `column IN (:prefix_0, ...)`, or false when there are no values. */
function memberList(
  column: string,
  prefix: string,
  values: readonly string[],
): { sql: string; params: SqlParams } {
  if (values.length === 0) {
    return { sql: 'false', params: {} };
  }
  const names = values.map((_, i) => `${prefix}_${i}`);
  return {
    sql: `${column} IN (${names.map(name => `:${name}`).join(', ')})`,
    params: Object.fromEntries(names.map((name, i) => [name, values[i]])),
  };
}

/**
 * The rows of gold.ppm_budget_vs_actual a change of the touched projects
 * moves: their project rows, and the totals of the programs, categories
 * and vendors they count in. Cloud spend no project claims (the program
 * member 'unallocated') is Azure's, never a Notion change's, so it stays.
 * The model groups each member by itself, so the engine narrows the line
 * totals to these members before summing; the cloud spend is narrowed here
 * to the projects of the touched programs.
 */
function budgetVsActualScope(members: TouchedMembers): ModelScope {
  const { programs, categories, vendors } = members;
  // Parameter names do not depend on the column, so any column gives them.
  const inPrograms = (column: string) =>
    programs === 'all' ? undefined : memberList(column, 'program', programs);
  const inCategories = (column: string) =>
    memberList(column, 'category', categories);
  const inVendors = (column: string) => memberList(column, 'vendor', vendors);
  const projectsOfPrograms = inPrograms("coalesce(program_id, 'unassigned')");
  // One part per dimension: disjoint, each a plain condition.
  const replacedParts = (c: ColumnRef, list: string) => {
    const dimension = (name: string) => `${c('dimension')} = '${name}'`;
    const value = c('dimension_value');
    const program = inPrograms(value);
    return [
      `${dimension('project')} AND ${value} IN ${list}`,
      `${dimension('program')} AND ${c('metric_name')} <> 'cloud_unallocated'${
        program ? ` AND ${program.sql}` : ''
      }`,
      `${dimension('category')} AND ${inCategories(value).sql}`,
      `${dimension('vendor')} AND ${inVendors(value).sql}`,
    ];
  };
  return {
    inputs: projectsOfPrograms
      ? {
          // Spend of the touched projects, the touched programs' projects
          // and projects silver no longer has (on 'unassigned').
          'silver.azure_costs': (c, list) =>
            `${c('project_id')} IN ${list}
            OR ${c(
              'project_id',
            )} IN (SELECT project_id FROM silver.notion_projects
              WHERE ${projectsOfPrograms.sql})
            OR ${c(
              'project_id',
            )} NOT IN (SELECT project_id FROM silver.notion_projects
              WHERE project_id IS NOT NULL)`,
        }
      : {},
    params: {
      ...projectsOfPrograms?.params,
      ...inCategories('category').params,
      ...inVendors('vendor').params,
    },
    replaces: (c, list) => anyOf(replacedParts(c, list)),
    replacesInParts: replacedParts,
  };
}

/**
 * How each gold model recomputes the touched projects only. The project
 * rows read nothing of other projects; program, category and vendor rows
 * (the portfolio totals) are recomputed for the members the change can
 * move. Advisor recommendations are linked to actions across projects and
 * are few, so they are rebuilt whole, when the change can move one.
 */
export function incrementalGoldScopes(
  members: TouchedMembers,
): Record<string, ModelScope | 'whole'> {
  return {
    'gold.ppm_budget_line_totals': {
      inputs: {
        'silver.notion_budget_lines': byProject(),
        'silver.notion_projects': byProject(),
      },
      replaces: byProject(),
    },
    'gold.ppm_budget_vs_actual': budgetVsActualScope(members),
    // Its rows are per project, summed from the project rows.
    'gold.ppm_project_totals': {
      inputs: {
        'gold.ppm_budget_vs_actual': (c, list) =>
          `${c('dimension')} = 'project' AND ${c(
            'dimension_value',
          )} IN ${list}`,
      },
      replaces: byProject(),
    },
    'gold.ppm_forecast': {
      inputs: {
        'gold.ppm_budget_line_totals': byProject(),
        'silver.notion_projects': byProject(),
      },
      replaces: byProject(),
    },
    'gold.ppm_project_health': {
      inputs: {
        'gold.ppm_budget_line_totals': byProject(),
        'gold.ppm_project_totals': byProject(),
        'gold.ppm_forecast': byProject(),
        'gold.data_quality_issues': byProject(),
        'silver.notion_projects': byProject(),
        'silver.notion_risks': byProject(),
        'silver.notion_actions': byProject(),
      },
      replaces: byProject(),
    },
    // Few rows, linked to actions across projects: rebuilt whole, and only
    // when the change can move one.
    ...(members.advisorRecommendations && {
      'gold.azure_advisor_recs': 'whole' as const,
    }),
  };
}

type MemberRow = {
  source: 'project' | 'health' | 'cloud' | 'old_line' | 'new_line' | 'advisor';
  project_id: string;
  program_id: string | null;
  category: string | null;
  vendor: string | null;
};

/**
 * Rows (source 'advisor') when gold.azure_advisor_recs no longer matches
 * silver after a change of the touched projects, given it matched before:
 * a recommendation of a touched project whose program is no longer the
 * project's; a live Advisor action of a touched project that is the
 * recommendation's lowest now (the model keeps the lowest); or a
 * recommendation whose action is no longer a live Advisor action for it
 * (deleted, archived or moved, wherever it was). Advisor's own changes
 * reach gold with the full build, as before.
 */
const ADVISOR_RECOMMENDATIONS_MOVED = (
  list: string,
) => `SELECT DISTINCT 'advisor', g.project_id, NULL, NULL, NULL
      FROM gold.azure_advisor_recs AS g
      LEFT JOIN silver.notion_projects AS p ON p.project_id = g.project_id
      WHERE g.project_id IN ${list} AND g.program_id IS DISTINCT FROM p.program_id
    UNION ALL
    SELECT DISTINCT 'advisor', a.project_id, NULL, NULL, NULL
      FROM silver.notion_actions AS a
      INNER JOIN gold.azure_advisor_recs AS g ON g.recommendation_id = a.source_id
      WHERE a.project_id IN ${list} AND a.source = 'advisor'
        AND NOT coalesce(a.is_archived, false)
        AND (g.action_id IS NULL OR g.action_id > a.action_id)
    UNION ALL
    SELECT DISTINCT 'advisor', NULL, NULL, NULL, NULL
      FROM gold.azure_advisor_recs AS g
      LEFT JOIN silver.notion_actions AS a
        ON a.action_id = g.action_id AND a.source = 'advisor'
        AND a.source_id = g.recommendation_id AND NOT coalesce(a.is_archived, false)
      WHERE g.action_id IS NOT NULL AND a.action_id IS NULL`;

/**
 * Reads which totals the touched projects count in, before the gold rows
 * are replaced. Their programs now come from silver; before, from the
 * project health rows (one per live project, written by the same runs).
 * A touched project without a health row had no program: its old line
 * totals were on 'unassigned' (line totals leave out archived projects),
 * but its cloud spend may have been on an archived project's program,
 * which nothing kept, so then every program is recomputed.
 */
export async function readTouchedMembers(
  lakehouse: Pick<Lakehouse, 'query'>,
  projectIds: readonly string[],
): Promise<TouchedMembers> {
  const { list, params } = scopeParameters(projectIds);
  const rows = await lakehouse.query<MemberRow>(
    `SELECT 'project' AS source, project_id, coalesce(program_id, 'unassigned') AS program_id,
        CAST(NULL AS STRING) AS category, CAST(NULL AS STRING) AS vendor
      FROM silver.notion_projects WHERE project_id IN ${list}
    UNION ALL
    SELECT 'health', project_id, coalesce(program_id, 'unassigned'), NULL, NULL
      FROM gold.ppm_project_health WHERE project_id IN ${list}
    UNION ALL
    SELECT DISTINCT 'cloud', project_id, NULL, NULL, NULL
      FROM silver.azure_costs WHERE project_id IN ${list}
    UNION ALL
    SELECT DISTINCT 'old_line', project_id, NULL, category, vendor
      FROM gold.ppm_budget_line_totals WHERE project_id IN ${list}
    UNION ALL
    SELECT DISTINCT 'new_line', project_id, NULL, coalesce(category, 'unassigned'), coalesce(vendor, 'unassigned')
      FROM silver.notion_budget_lines WHERE project_id IN ${list}
    UNION ALL
    ${ADVISOR_RECOMMENDATIONS_MOVED(list)}`,
    params,
  );
  const programs = new Set<string>();
  const categories = new Set<string>();
  const vendors = new Set<string>();
  let everyProgram = false;
  for (const id of projectIds) {
    const of = (source: MemberRow['source']) =>
      rows.filter(row => row.project_id === id && row.source === source);
    const now = of('project');
    const before = of('health');
    // Absent from silver, its lines and spend count on 'unassigned'.
    if (now.length === 0) programs.add('unassigned');
    if (before.length === 0 && of('old_line').length > 0) {
      programs.add('unassigned');
    }
    if (before.length === 0 && of('cloud').length > 0) everyProgram = true;
    // Each branch of the read coalesces these columns, or gold holds them
    // coalesced: 'unassigned' stands for none, so a null never comes back.
    const known = (value: string | null) => value ?? 'unassigned';
    [...now, ...before].forEach(row => programs.add(known(row.program_id)));
    [...of('old_line'), ...of('new_line')].forEach(row => {
      categories.add(known(row.category));
      vendors.add(known(row.vendor));
    });
  }
  const sorted = (values: Set<string>) => [...values].sort();
  return {
    programs: everyProgram ? 'all' : sorted(programs),
    categories: sorted(categories),
    vendors: sorted(vendors),
    advisorRecommendations: rows.some(row => row.source === 'advisor'),
  };
}

/** Row-wise kinds whose verdict on a row reads only that row (and its parent). */
const ROW_WISE = new Set([
  'not_null',
  'accepted_values',
  'range',
  'column_order',
  'relationship',
]);
/** Parents a silver change of another project cannot change. */
const PROJECT_SCOPED_PARENTS = new Set(
  [notionProjects, fxRates].map(qualifiedTableName),
);

/**
 * The checks that can look at the touched projects' rows only, with how
 * the other rows' results carry over: silver rows by their project (a
 * check reading programs runs in full, since program edits name no
 * project), gold rows by the rows the scoped models wrote.
 */
export function scopedChecks(
  checks: readonly DataQualityCheck[],
  projectIds: readonly string[],
  /** The members the models recomputed; without them gold runs in full. */
  members?: TouchedMembers,
): Map<string, ScopedCheck> {
  const { list, params: keyParams } = scopeParameters(projectIds);
  const modelScopes = members ? incrementalGoldScopes(members) : {};
  const plain = (column: string) => column;
  // The touched projects' rows and the project-less ones, apart: each part
  // alone lets the engine skip the row groups of a table clustered by project.
  const touchedOrNone = [`project_id IN ${list}`, 'project_id IS NULL'];
  const scopes = new Map<string, ScopedCheck>();
  for (const check of checks) {
    const table = qualifiedTableName(check.table);
    const hasProject = check.table.columns.some(c => c.name === 'project_id');
    const singleKey = check.table.primaryKey.length === 1;
    const otherProjects = {
      where: `project_id IS NOT NULL AND project_id NOT IN ${list}`,
      params: keyParams,
    };
    const model = modelScopes[table];
    if (model && model !== 'whole') {
      if (check.kind !== 'unique' && !ROW_WISE.has(check.kind)) {
        continue;
      }
      scopes.set(check.id, {
        rows: `(${model.replaces(plain, list)})`,
        rowsInParts: model.replacesInParts?.(plain, list),
        params: { ...model.params, ...keyParams },
        // Each scoped model's predicate reads only columns of its key.
        keyDecidesScope: check.kind === 'unique',
        keptIssues:
          hasProject && singleKey && check.kind !== 'unique'
            ? otherProjects
            : undefined,
      });
      continue;
    }
    if (
      check.table.schema === 'silver' &&
      hasProject &&
      check.kind === 'unique' &&
      check.columns.length === 1
    ) {
      // The keys of the touched projects' rows, wherever their copies are.
      // No issues carry over: a duplicate's other copy may lie outside, so
      // the check is scoped only after a run that found none.
      const [key] = check.columns;
      scopes.set(check.id, {
        rows: `(${key} IN (${selectInParts(table, touchedOrNone, key)}))`,
        params: keyParams,
        keyDecidesScope: true,
      });
      continue;
    }
    const readsOnlyProjects =
      check.kind !== 'relationship' ||
      PROJECT_SCOPED_PARENTS.has(qualifiedTableName(check.references));
    if (
      check.table.schema === 'silver' &&
      hasProject &&
      singleKey &&
      ROW_WISE.has(check.kind) &&
      readsOnlyProjects
    ) {
      scopes.set(check.id, {
        rows: `(${anyOf(touchedOrNone)})`,
        rowsInParts: touchedOrNone,
        params: keyParams,
        keptIssues: otherProjects,
      });
    }
  }
  return scopes;
}

export interface IncrementalGoldOptions {
  lakehouse: Lakehouse;
  models: readonly SqlModel[];
  /** Projects whose silver rows changed (before or after the change). */
  projectIds: Iterable<string>;
  now?: Date;
}

export interface IncrementalGoldResult {
  /** The projects recomputed, sorted; empty when there was nothing to do. */
  projectIds: string[];
  /** The models run, in order. */
  models: string[];
  silverChecks: DataQualityResult[];
  goldChecks: DataQualityResult[];
}

type Transactional = Lakehouse & {
  transaction?: <T>(
    work: (tx: Pick<Lakehouse, 'execute' | 'query' | 'upsert'>) => Promise<T>,
  ) => Promise<T>;
};

/** One statement of an incremental run and the model it belongs to. */
export interface IncrementalStatement extends ScopedStatement {
  model: string;
}

/** The statements of one incremental run, in order. */
export function renderIncrementalGold(
  models: readonly SqlModel[],
  projectIds: readonly string[],
  members: TouchedMembers,
  mode: 'replace' | 'merge',
): { models: string[]; statements: IncrementalStatement[] } {
  const scopes = incrementalGoldScopes(members);
  const selected = models.filter(model => model.name in scopes);
  const ordered = orderModels(
    selected,
    lakehouseTables.map(qualifiedTableName),
  );
  const statements: IncrementalStatement[] = [];
  for (const model of ordered) {
    const scope = scopes[model.name];
    if (scope === 'whole') {
      statements.push(
        ...model.statements.map(sql => ({
          sql,
          params: {},
          model: model.name,
        })),
      );
      continue;
    }
    const table = lakehouseTables.find(
      t => qualifiedTableName(t) === model.name,
    );
    if (!table) {
      throw new Error(`Model ${model.name} has no declared table`);
    }
    statements.push(
      ...renderScopedModel(model, table, scope, projectIds, mode).map(
        statement => ({ ...statement, model: model.name }),
      ),
    );
  }
  return { models: ordered.map(model => model.name), statements };
}

/**
 * Whether a check's verdict can differ once `tables` are rewritten: it
 * reads one of them, or the clock (freshness).
 */
function readsAnyOf(check: DataQualityCheck, tables: readonly string[]) {
  const read = [check.table];
  if (check.kind === 'relationship') {
    read.push(check.references);
    if (check.fallback) read.push(check.fallback.table);
  }
  return (
    check.kind === 'freshness' ||
    read.some(table => tables.includes(qualifiedTableName(table)))
  );
}

/**
 * Projects outside `touched` whose count of stored silver issues the
 * evaluated checks change: a check run in full can fail or clear a row of
 * another project (a duplicate across projects). Only checks that failed
 * before or fail now are read.
 */
export async function projectsWithMovedIssues(
  lakehouse: Pick<Lakehouse, 'query'>,
  evaluated: EvaluatedChecks,
  previous: ReadonlyMap<string, number>,
  touched: readonly string[],
): Promise<string[]> {
  const failing = evaluated.results
    .filter(r => r.failingRows > 0 || (previous.get(r.checkId) ?? 0) > 0)
    .map(r => r.checkId);
  if (failing.length === 0) return [];
  const checks = memberList('check_id', 'check', failing);
  const stored = await lakehouse.query<{ project_id: string; n: bigint }>(
    `SELECT project_id, count(*) AS n FROM ${qualifiedTableName(
      dataQualityIssues,
    )} WHERE ${checks.sql} AND project_id IS NOT NULL GROUP BY project_id`,
    checks.params,
  );
  const change = new Map<string, number>();
  for (const row of stored) change.set(row.project_id, -Number(row.n));
  for (const row of evaluated.issueRows) {
    const project = row.project_id as string | null;
    if (project !== null) change.set(project, (change.get(project) ?? 0) + 1);
  }
  const inTouched = new Set(touched);
  return [...change]
    .filter(([project, delta]) => delta !== 0 && !inTouched.has(project))
    .map(([project]) => project)
    .sort();
}

/**
 * Recomputes the gold rows of the projects a silver change touched, and the
 * program and portfolio totals they feed, with the checks of both layers.
 * On DuckDB the models' rows, the gold checks and every check's results
 * are written in one transaction; on Databricks each model's rows in one
 * MERGE. The silver checks read while the first models run, and their
 * issues are recorded before the first model that counts issues. The
 * reference data (rates, thresholds) is the full build's: it only changes
 * with config, and the hourly full build reconciles everything.
 */
export async function runIncrementalGold(
  options: IncrementalGoldOptions,
): Promise<IncrementalGoldResult> {
  const lakehouse = options.lakehouse as Transactional;
  const now = options.now ?? new Date();
  const projectIds = [...new Set(options.projectIds)].sort();
  if (projectIds.length === 0) {
    return { projectIds, models: [], silverChecks: [], goldChecks: [] };
  }
  // Silver and gold checks are distinct, so one read serves both runs.
  const previous = await readPreviousFailing(lakehouse);
  // Reads only: they need none of the models' writes, so they run alongside.
  const silverRun = evaluateDataQualityChecks(lakehouse, silverChecks, now, {
    scopes: scopedChecks(silverChecks, projectIds),
    previous,
  });
  // Awaited below; until then a failure must not go unhandled.
  silverRun.catch(() => undefined);
  const countsIssues = new Set(
    options.models
      .filter(model =>
        model.dependsOn.includes(qualifiedTableName(dataQualityIssues)),
      )
      .map(model => model.name),
  );
  const transaction = lakehouse.transaction?.bind(lakehouse);
  const mode = transaction ? 'replace' : 'merge';
  // The members are read where the rows are replaced, before they are.
  const runAll = async (
    target: Pick<Lakehouse, 'execute' | 'query' | 'upsert'>,
  ) => {
    const members = await readTouchedMembers(target, projectIds);
    const rendered = renderIncrementalGold(
      options.models,
      projectIds,
      members,
      mode,
    );
    // The touched projects, and those whose silver issues the run moved.
    const recordSilver = once(async () => {
      const checks = await silverRun;
      const moved = await projectsWithMovedIssues(
        target,
        checks,
        previous,
        projectIds,
      );
      await recordIssues(target, checks);
      return { checks, projects: [...projectIds, ...moved].sort() };
    });
    for (const model of rendered.models) {
      let statements = rendered.statements.filter(s => s.model === model);
      // Project health counts the issues the silver checks find, also
      // those of rows of other projects a change can fail or clear (a
      // duplicate across projects).
      if (countsIssues.has(model)) {
        const { projects } = await recordSilver();
        if (projects.length > projectIds.length) {
          statements = renderIncrementalGold(
            options.models.filter(m => m.name === model),
            projects,
            members,
            mode,
          ).statements;
        }
      }
      for (const statement of statements) {
        await target.execute(statement.sql, statement.params);
      }
    }
    const { checks: silver, projects } = await recordSilver();
    // Gold issues are recorded after health, which counts the last run's.
    // Checks of tables no model rewrote keep their last results.
    const rewritten = goldChecks.filter(check =>
      readsAnyOf(check, rendered.models),
    );
    const gold = await evaluateDataQualityChecks(target, rewritten, now, {
      scopes: scopedChecks(rewritten, projects, members),
      previous,
    });
    await recordIssues(target, gold);
    await recordMetrics(target, [silver, gold]);
    return { models: rendered.models, silver, gold };
  };
  const { models, silver, gold } = transaction
    ? await transaction(runAll)
    : await runAll(lakehouse);
  return {
    projectIds,
    models,
    silverChecks: silver.results,
    goldChecks: gold.results,
  };
}
