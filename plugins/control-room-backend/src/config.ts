import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  isLakehouseEngineName,
  LAKEHOUSE_ENGINES,
  LakehouseEngineName,
} from '@finance-ppm/plugin-control-room-common';

/** The parts of `controlRoom` config the plugin reads, with defaults applied. */
export interface ControlRoomSettings {
  engine: LakehouseEngineName;
}

/** Reads and checks the `controlRoom` config block; see config.d.ts. */
export function readControlRoomConfig(config: Config): ControlRoomSettings {
  const engine =
    config.getOptionalString('controlRoom.lakehouse.engine') ?? 'duckdb';
  if (!isLakehouseEngineName(engine)) {
    throw new InputError(
      `controlRoom.lakehouse.engine must be one of ${LAKEHOUSE_ENGINES.join(
        ', ',
      )}; got '${engine}'`,
    );
  }
  return { engine };
}
