import type { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { portfolioSettings } from '../../finance/__testUtils__/testPortfolio';
import { SqlModel } from '../../lakehouse/models';
import { buildPipelineWork, PipelineWorkOptions } from '../pipelineWork';

/**
 * The pipeline's work on the test portfolio, with no Notion behind it: the
 * sync writes nothing and the silver rebuild is the test's own change.
 */
export function portfolioPipelineWork(
  portfolio: { lakehouse: Lakehouse; models: SqlModel[] },
  rebuildSilver: () => Promise<number>,
  options: Pick<PipelineWorkOptions, 'onSilverChanged'> = {},
) {
  return buildPipelineWork({
    ...portfolio,
    ...options,
    finance: portfolioSettings,
    notionPulls: {
      notion_sync_bronze: async () => ({ rowsWritten: 0 }),
      notion_transform_silver: async () => ({
        rowsWritten: await rebuildSilver(),
      }),
    },
  });
}
