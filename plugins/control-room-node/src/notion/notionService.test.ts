import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { notionServiceFactory } from './notionService';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('notionServiceFactory', () => {
  it('builds one client per process from controlRoom.notion', async () => {
    const seen: Request[] = [];
    server.use(
      http.get('http://notion.sandbox.test/v1/users/me', ({ request }) => {
        seen.push(request);
        return HttpResponse.json({
          object: 'user',
          id: 'bot',
          type: 'bot',
          bot: {},
        });
      }),
    );
    const tester = ServiceFactoryTester.from(notionServiceFactory, {
      dependencies: [
        mockServices.rootConfig.factory({
          data: {
            controlRoom: {
              sandbox: { enabled: true },
              notion: {
                token: 'secret_from_config',
                baseUrl: 'http://notion.sandbox.test',
                requestsPerSecond: 50,
              },
            },
          },
        }),
      ],
    });
    const notion = await tester.getSubject();
    expect(await tester.getSubject()).toBe(notion);
    expect(notion.requestsPerSecond).toBe(50);
    await notion.client.users.me({});
    expect(seen[0].headers.get('authorization')).toBe(
      'Bearer secret_from_config',
    );
    await notion.stop();
  });
});
