import {
  DataQualityCheck,
  fxRates,
  goldChecks,
  Lakehouse,
  notionProjects,
  lakehouseTables,
  qualifiedTableName,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import { orderModels, SqlModel } from '../lakehouse/models';
import {
  ModelScope,
  renderScopedModel,
  scopeParameters,
  ScopedStatement,
} from '../lakehouse/scopedModels';
import {
  DataQualityResult,
  runDataQualityChecks,
  ScopedCheck,
} from '../quality/runDataQualityChecks';

/** Rows of a table that belong to the touched projects. */
const byProject =
  (column = 'project_id'): ModelScope['replaces'] =>
  (c, list) =>
    `${c(column)} IN ${list}`;

/**
 * How each gold model recomputes the touched projects only. The project
 * rows read nothing of other projects; program, category and vendor rows
 * (the portfolio totals) are summed again from the line totals, which are
 * far fewer than the lines. Advisor recommendations are linked to actions
 * across projects and are few, so they are rebuilt whole.
 */
export const incrementalGoldScopes: Record<string, ModelScope | 'whole'> = {
  'gold.ppm_budget_line_totals': {
    inputs: {
      'silver.notion_budget_lines': byProject(),
      'silver.notion_projects': byProject(),
    },
    replaces: byProject(),
  },
  'gold.ppm_budget_vs_actual': {
    inputs: {},
    replaces: (c, list) =>
      `${c('dimension')} <> 'project' OR ${c('dimension_value')} IN ${list}`,
  },
  // Added with the model (API read path): its rows are per project.
  'gold.ppm_project_totals': {
    inputs: {
      'gold.ppm_budget_vs_actual': (c, list) =>
        `${c('dimension')} = 'project' AND ${c('dimension_value')} IN ${list}`,
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
      'gold.ppm_budget_vs_actual': (c, list) =>
        `${c('dimension')} = 'project' AND ${c('dimension_value')} IN ${list}`,
      'gold.ppm_forecast': byProject(),
      'gold.data_quality_issues': byProject(),
      'silver.notion_projects': byProject(),
      'silver.notion_risks': byProject(),
      'silver.notion_actions': byProject(),
    },
    replaces: byProject(),
  },
  'gold.azure_advisor_recs': 'whole',
};

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
): Map<string, ScopedCheck> {
  const { list, params } = scopeParameters(projectIds);
  const plain = (column: string) => column;
  const scopes = new Map<string, ScopedCheck>();
  for (const check of checks) {
    const table = qualifiedTableName(check.table);
    const hasProject = check.table.columns.some(c => c.name === 'project_id');
    const singleKey = check.table.primaryKey.length === 1;
    const otherProjects = {
      where: `project_id IS NOT NULL AND project_id NOT IN ${list}`,
      params,
    };
    const model = incrementalGoldScopes[table];
    if (model && model !== 'whole') {
      if (check.kind !== 'unique' && !ROW_WISE.has(check.kind)) {
        continue;
      }
      scopes.set(check.id, {
        rows: `(${model.replaces(plain, list)})`,
        params,
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
        rows: `(${key} IN (SELECT ${key} FROM ${table} WHERE project_id IN ${list} OR project_id IS NULL))`,
        params,
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
        rows: `(project_id IN ${list} OR project_id IS NULL)`,
        params,
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
    work: (tx: Pick<Lakehouse, 'execute'>) => Promise<T>,
  ) => Promise<T>;
};

/** The statements of one incremental run, in order. */
export function renderIncrementalGold(
  models: readonly SqlModel[],
  projectIds: readonly string[],
  mode: 'replace' | 'merge',
): { models: string[]; statements: ScopedStatement[] } {
  const selected = models.filter(model => model.name in incrementalGoldScopes);
  const ordered = orderModels(
    selected,
    lakehouseTables.map(qualifiedTableName),
  );
  const statements: ScopedStatement[] = [];
  for (const model of ordered) {
    const scope = incrementalGoldScopes[model.name];
    if (scope === 'whole') {
      statements.push(...model.statements.map(sql => ({ sql, params: {} })));
      continue;
    }
    const table = lakehouseTables.find(
      t => qualifiedTableName(t) === model.name,
    );
    if (!table) {
      throw new Error(`Model ${model.name} has no declared table`);
    }
    statements.push(
      ...renderScopedModel(model, table, scope, projectIds, mode),
    );
  }
  return { models: ordered.map(model => model.name), statements };
}

/**
 * Recomputes the gold rows of the projects a silver change touched, and the
 * program and portfolio totals they feed. On DuckDB every model's rows are
 * replaced in one transaction; on Databricks each model's rows in one MERGE.
 * The reference data (rates, thresholds) is the full build's: it only
 * changes with config, and the hourly full build reconciles everything.
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
  // Project health counts the issues the silver checks find.
  const silverResults = await runDataQualityChecks(
    lakehouse,
    silverChecks,
    now,
    { scopes: scopedChecks(silverChecks, projectIds) },
  );
  const transaction = lakehouse.transaction?.bind(lakehouse);
  const rendered = renderIncrementalGold(
    options.models,
    projectIds,
    transaction ? 'replace' : 'merge',
  );
  const runAll = async (target: Pick<Lakehouse, 'execute'>) => {
    for (const statement of rendered.statements) {
      await target.execute(statement.sql, statement.params);
    }
  };
  if (transaction) {
    await transaction(runAll);
  } else {
    await runAll(lakehouse);
  }
  const goldResults = await runDataQualityChecks(lakehouse, goldChecks, now, {
    scopes: scopedChecks(goldChecks, projectIds),
  });
  return {
    projectIds,
    models: rendered.models,
    silverChecks: silverResults,
    goldChecks: goldResults,
  };
}
