import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { controlRoomApiRef, ControlRoomClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The Control Room plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const controlRoomPlugin = createPlugin({
  id: 'control-room',
  apis: [
    createApiFactory({
      api: controlRoomApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ControlRoomClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The `/control-room` page with its five tabs.
 *
 * @public
 */
export const ControlRoomPage = controlRoomPlugin.provide(
  createRoutableExtension({
    name: 'ControlRoomPage',
    component: () =>
      import('./components/ControlRoomPage').then(m => m.ControlRoomPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Finance tab of a project entity (budget vs actual, forecast, health,
 * risks, actions, Azure resources). Show it for entities where
 * `hasProjectFinance(entity)` is true.
 *
 * @public
 */
export const EntityControlRoomContent = controlRoomPlugin.provide(
  createComponentExtension({
    name: 'EntityControlRoomContent',
    component: {
      lazy: () =>
        import('./components/EntityFinance').then(m => m.EntityFinanceContent),
    },
  }),
);

/**
 * A card with the headline figures of the entity's project.
 *
 * @public
 */
export const EntityControlRoomCard = controlRoomPlugin.provide(
  createComponentExtension({
    name: 'EntityControlRoomCard',
    component: {
      lazy: () =>
        import('./components/EntityFinance').then(m => m.EntityFinanceCard),
    },
  }),
);
