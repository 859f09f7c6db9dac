import {
  createApiFactory,
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

/** @public */
export const ControlRoomPage = controlRoomPlugin.provide(
  createRoutableExtension({
    name: 'ControlRoomPage',
    component: () =>
      import('./components/ControlRoomPage').then(m => m.ControlRoomPage),
    mountPoint: rootRouteRef,
  }),
);
