import backendPlugin from '@backstage/plugin-catalog-backend';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogModuleControlRoom } from './module';

describe('catalogModuleControlRoom', () => {
  it('starts inside the catalog backend and says it has loaded', async () => {
    const logger = mockServices.logger.mock();
    await startTestBackend({
      features: [catalogModuleControlRoom, backendPlugin, logger.factory],
    });

    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('module loaded'),
    );
  });
});
