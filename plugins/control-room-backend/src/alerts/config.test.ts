import { ConfigReader } from '@backstage/config';
import { readAlertSettings } from './config';

const read = (alerts?: object) =>
  readAlertSettings(new ConfigReader({ controlRoom: { alerts } }));

describe('readAlertSettings', () => {
  it('switches every kind on and routes to the platform group by default', () => {
    expect(read()).toEqual({
      platformGroup: 'group:default/platform',
      evaluationIntervalMinutes: 5,
      kinds: {
        jobs: { enabled: true },
        dataQuality: { enabled: true },
        projectHealth: { enabled: true },
        advisor: { enabled: true },
      },
    });
  });

  it('reads switches and routes, taking a bare name as a group', () => {
    const settings = read({
      platformGroup: 'ops',
      evaluationIntervalMinutes: 1,
      jobs: { enabled: false },
      projectHealth: { recipient: 'user:default/cfo' },
    });
    expect(settings.platformGroup).toBe('group:default/ops');
    expect(settings.evaluationIntervalMinutes).toBe(1);
    expect(settings.kinds.jobs).toEqual({ enabled: false });
    expect(settings.kinds.projectHealth).toEqual({
      enabled: true,
      recipient: 'user:default/cfo',
    });
  });

  it('names the key of a bad value', () => {
    expect(() => read({ jobs: { recipient: 'group:' } })).toThrow(
      /controlRoom\.alerts\.jobs\.recipient/,
    );
    expect(() => read({ evaluationIntervalMinutes: 0 })).toThrow(
      /controlRoom\.alerts\.evaluationIntervalMinutes/,
    );
  });
});
