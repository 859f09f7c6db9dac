import type { AddressInfo } from 'node:net';
import backendPlugin from '@backstage/plugin-scaffolder-backend';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderModuleNotion } from './module';

describe('scaffolderModuleNotion', () => {
  it('lists notion:task:create among the scaffolder actions', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [scaffolderModuleNotion, backendPlugin, logger.factory],
    });
    const { port } = server.address() as AddressInfo;

    // The scaffolder lists installed actions with their JSON schemas.
    const response = await fetch(
      `http://localhost:${port}/api/scaffolder/v2/actions`,
    );
    expect(response.status).toBe(200);
    const actions: { id: string; schema?: { input?: any } }[] =
      await response.json();
    const action = actions.find(a => a.id === 'notion:task:create');
    expect(action).toBeDefined();
    expect(action?.schema?.input?.required).toEqual(
      expect.arrayContaining(['title', 'project']),
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('registered notion:task:create'),
    );
  });
});
