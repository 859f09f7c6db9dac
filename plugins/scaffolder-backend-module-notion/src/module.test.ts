import backendPlugin from '@backstage/plugin-scaffolder-backend';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderModuleNotion } from './module';

describe('scaffolderModuleNotion', () => {
  it('starts inside the scaffolder backend and says it has loaded', async () => {
    const logger = mockServices.logger.mock();
    await startTestBackend({
      features: [scaffolderModuleNotion, backendPlugin, logger.factory],
    });

    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('module loaded'),
    );
  });
});
