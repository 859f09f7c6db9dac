import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import {
  mapPortfolioToEntities,
  PROVIDER_LOCATION,
} from '../mapping/mapPortfolioToEntities';
import { CatalogMappingOptions } from '../mapping/types';
import { readPortfolioSnapshot } from './readPortfolioSnapshot';

export interface ControlRoomEntityProviderOptions {
  lakehouse: Lakehouse;
  logger: LoggerService;
  mapping: CatalogMappingOptions;
  /** Catalog users by lower-case email, as entity refs. */
  lookupOwners: () => Promise<Map<string, string>>;
  /** Runs refresh on the configured schedule; absent in tests that call refresh. */
  taskRunner?: SchedulerServiceTaskRunner;
}

/**
 * Emits programs, projects and Azure resources from silver as catalog
 * entities. Each refresh is a full mutation of everything it provides; a
 * failed read applies nothing, so the catalog keeps what it had.
 */
export class ControlRoomEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(private readonly options: ControlRoomEntityProviderOptions) {}

  getProviderName(): string {
    return 'control-room';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const { taskRunner } = this.options;
    if (taskRunner) {
      await taskRunner.run({
        id: `${this.getProviderName()}:refresh`,
        fn: async () => {
          await this.refresh();
        },
      });
    }
  }

  /** Reads silver and replaces this provider's entities; returns how many. */
  async refresh(): Promise<number> {
    if (!this.connection) {
      throw new Error('ControlRoomEntityProvider is not connected yet');
    }
    const { lakehouse, logger, mapping, lookupOwners } = this.options;
    let entities;
    try {
      const [snapshot, owners] = await Promise.all([
        readPortfolioSnapshot(lakehouse),
        lookupOwners(),
      ]);
      entities = mapPortfolioToEntities(snapshot, mapping, owners);
    } catch (error) {
      logger.error(
        'Control Room catalog refresh failed; the catalog keeps its current entities',
        error as Error,
      );
      return 0;
    }
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: PROVIDER_LOCATION,
      })),
    });
    logger.info(
      `Control Room catalog refresh emitted ${entities.length} entities`,
    );
    return entities.length;
  }
}
