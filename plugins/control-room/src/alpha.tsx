import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import AccountBalanceIcon from '@material-ui/icons/AccountBalance';
import { controlRoomApiRef, ControlRoomClient } from './api';

const rootRouteRef = createRouteRef();

const controlRoomApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: controlRoomApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ControlRoomClient(deps),
    }),
});

const controlRoomPage = PageBlueprint.make({
  params: {
    path: '/control-room',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ControlRoomPage').then(m => <m.ControlRoomPage />),
  },
});

/**
 * The Control Room plugin for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'control-room',
  title: 'Control Room',
  icon: <AccountBalanceIcon />,
  routes: { root: rootRouteRef },
  extensions: [controlRoomApi, controlRoomPage],
});
