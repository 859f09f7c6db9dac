import { throwIfCancelled } from '../pipeline/jobRuns';
import fs from 'node:fs';
import path from 'node:path';
import { CustomErrorBase, InputError, NotFoundError } from '@backstage/errors';
import {
  Lakehouse,
  lakehouseTables,
  qualifiedTableName,
} from '@finance-ppm/plugin-control-room-node';
import { orderModels, parseModelFile, SqlModel } from './models';

const LAYER_FOLDERS = ['bronze', 'silver', 'gold'];

/** Where the models live, relative to the repository root. */
const MODELS_FOLDER = path.join('databricks', 'sql');

/**
 * The first `databricks/sql` folder found walking up from `startDir`: the
 * backend runs from packages/backend while the models sit at the repo root.
 */
export function findModelsDirectory(startDir: string): string {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, MODELS_FOLDER);
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isDirectory()) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new NotFoundError(
        `No ${MODELS_FOLDER} folder in ${path.resolve(
          startDir,
        )} or above it; set controlRoom.lakehouse.modelsDirectory`,
      );
    }
    dir = parent;
  }
}

/** Reads and parses every `<directory>/<layer>/<table>.sql`, by path. */
export async function loadModels(directory: string): Promise<SqlModel[]> {
  const models: SqlModel[] = [];
  for (const layer of LAYER_FOLDERS) {
    const layerDir = path.join(directory, layer);
    const entries = await fs.promises
      .readdir(layerDir, { withFileTypes: true })
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          return [];
        }
        throw error;
      });
    const files = entries
      .filter(entry => entry.isFile() && entry.name.endsWith('.sql'))
      .map(entry => entry.name)
      .sort();
    for (const file of files) {
      const text = await fs.promises.readFile(
        path.join(layerDir, file),
        'utf8',
      );
      models.push(parseModelFile(`${layer}/${file}`, text));
    }
  }
  return models;
}

/** What one model run did. */
export interface ModelRunResult {
  name: string;
  /** Statements executed. */
  statements: number;
  durationMs: number;
}

export interface RunModelsOptions {
  /** Run only these models (`layer.table`), still in dependency order. */
  only?: string[];
  /** Tables models may read besides other models; default: the declared ones. */
  knownTables?: string[];
  /** The scheduler's abort signal: no model starts once it is aborted. */
  signal?: AbortSignal;
}

/** A model statement failed; the models before it completed. */
export class ModelRunError extends CustomErrorBase {
  name = 'ModelRunError' as const;

  constructor(
    readonly model: string,
    /** Zero-based index of the failed statement in the model. */
    readonly statementIndex: number,
    statementCount: number,
    /** The models that ran to completion before the failure. */
    readonly completed: ModelRunResult[],
    cause: unknown,
  ) {
    super(
      `Model ${model} failed at statement ${
        statementIndex + 1
      } of ${statementCount}`,
      cause,
    );
  }
}

/**
 * Runs the models' statements in dependency order through the lakehouse and
 * stops at the first failing statement with a {@link ModelRunError}.
 */
/** An engine that can run work in one transaction (DuckDB can). */
type MaybeTransactional = Pick<Lakehouse, 'execute'> & {
  transaction?: <T>(
    work: (tx: Pick<Lakehouse, 'execute'>) => Promise<T>,
  ) => Promise<T>;
};

export async function runModels(
  lakehouse: MaybeTransactional,
  models: readonly SqlModel[],
  options: RunModelsOptions = {},
): Promise<ModelRunResult[]> {
  const knownTables =
    options.knownTables ?? lakehouseTables.map(qualifiedTableName);
  const ordered = orderModels(models, knownTables);
  let selected = ordered;
  if (options.only) {
    const wanted = new Set(options.only);
    const unknown = [...wanted].filter(
      name => !models.some(model => model.name === name),
    );
    if (unknown.length > 0) {
      throw new InputError(`No model named ${unknown.join(', ')}`);
    }
    selected = ordered.filter(model => wanted.has(model.name));
  }

  const results: ModelRunResult[] = [];
  for (const model of selected) {
    throwIfCancelled(options.signal);
    const started = Date.now();
    const runStatements = async (target: Pick<Lakehouse, 'execute'>) => {
      for (const [index, statement] of model.statements.entries()) {
        try {
          await target.execute(statement);
        } catch (error) {
          throw new ModelRunError(
            model.name,
            index,
            model.statements.length,
            [...results],
            error,
          );
        }
      }
    };
    // In one transaction where the engine has them, so readers never see
    // the table between its DELETE and its INSERT.
    if (lakehouse.transaction) {
      await lakehouse.transaction(tx => runStatements(tx));
    } else {
      await runStatements(lakehouse);
    }
    results.push({
      name: model.name,
      statements: model.statements.length,
      durationMs: Date.now() - started,
    });
  }
  return results;
}
