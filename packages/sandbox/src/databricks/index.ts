export { startSqlWarehouseEmulator } from './warehouse/server';
export type {
  SqlWarehouseEmulator,
  SqlWarehouseEmulatorOptions,
  WarehouseFault,
} from './warehouse/server';
export type {
  HangMatcher,
  WarehouseStatementLogEntry,
} from './warehouse/warehouse';
