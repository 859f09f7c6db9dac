import {
  CONTROL_ROOM_PLUGIN_ID,
  isLakehouseEngineName,
  LAKEHOUSE_ENGINES,
} from './index';

describe('isLakehouseEngineName', () => {
  it.each(LAKEHOUSE_ENGINES)('accepts %s', engine => {
    expect(isLakehouseEngineName(engine)).toBe(true);
  });

  it.each(['sqlite', 'DuckDB', '', undefined, 1])('rejects %p', value => {
    expect(isLakehouseEngineName(value)).toBe(false);
  });
});

describe('constants', () => {
  it('routes the backend under /api/control-room', () => {
    expect(CONTROL_ROOM_PLUGIN_ID).toBe('control-room');
  });
});
