import { mockServices } from '@backstage/backend-test-utils';
import { DefaultEventsService } from '@backstage/plugin-events-node';
import { createDataChanges } from './dataChanges';

describe('createDataChanges', () => {
  it('tells its own listeners at once, and the other replicas through the events service', async () => {
    // One bus stands for the events backend every replica polls.
    const events = DefaultEventsService.create({
      logger: mockServices.logger.mock(),
    });
    const replicaA = createDataChanges({ events });
    const replicaB = createDataChanges({ events });
    const heardA = jest.fn();
    const heardB = jest.fn();
    replicaA.subscribe(heardA);
    replicaB.subscribe(heardB);
    await new Promise(resolve => setImmediate(resolve));

    replicaA.notify();
    // Synchronously, before any event is delivered.
    expect(heardA).toHaveBeenCalledTimes(1);
    await new Promise(resolve => setImmediate(resolve));

    expect(heardB).toHaveBeenCalledTimes(1);
    // Its own event does not tell A twice.
    expect(heardA).toHaveBeenCalledTimes(1);
  });

  it('works alone without an events service, and logs a failed publish', async () => {
    const logger = mockServices.logger.mock();
    const alone = createDataChanges();
    const heard = jest.fn();
    alone.subscribe(heard);
    alone.notify();
    expect(heard).toHaveBeenCalledTimes(1);

    const broken = createDataChanges({
      logger,
      events: {
        subscribe: async () => undefined,
        publish: async () => {
          throw new Error('events backend away');
        },
      },
    });
    broken.subscribe(heard);
    broken.notify();
    expect(heard).toHaveBeenCalledTimes(2);
    await new Promise(resolve => setImmediate(resolve));
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not tell other replicas the data changed',
      expect.objectContaining({ message: 'events backend away' }),
    );
  });
});
