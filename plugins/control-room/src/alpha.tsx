import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import AccountBalanceIcon from '@material-ui/icons/AccountBalance';
import { controlRoomApiRef, ControlRoomClient } from './api';
import { hasProjectFinance } from './lib/catalogLinks';

const rootRouteRef = createRouteRef();

const controlRoomApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: controlRoomApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ControlRoomClient(deps),
    }),
});

/** The page itself renders the header and one tab per sub-page. */
const controlRoomPage = PageBlueprint.make({
  params: {
    path: '/control-room',
    title: 'Control Room',
    routeRef: rootRouteRef,
  },
});

type TabName =
  | 'overview'
  | 'projects'
  | 'pipelines'
  | 'data-quality'
  | 'advisor';

const TAB_TITLES: Record<TabName, string> = {
  overview: 'Overview',
  projects: 'Projects',
  pipelines: 'Pipelines',
  'data-quality': 'Data Quality',
  advisor: 'Advisor',
};

function tab(name: TabName) {
  return SubPageBlueprint.make({
    name,
    attachTo: { id: 'page:control-room', input: 'pages' },
    params: {
      path: name,
      title: TAB_TITLES[name],
      loader: async () => {
        const [{ DateRangeProvider }, { CONTROL_ROOM_TABS }] =
          await Promise.all([
            import('./components/common'),
            import('./components/ControlRoomPage'),
          ]);
        const element = CONTROL_ROOM_TABS.find(t => t.path === name)!.element;
        return <DateRangeProvider>{element}</DateRangeProvider>;
      },
    },
  });
}

const financeContent = EntityContentBlueprint.make({
  name: 'finance',
  params: {
    path: 'finance',
    title: 'Finance',
    filter: hasProjectFinance,
    loader: () =>
      import('./components/EntityFinance').then(m => (
        <m.EntityFinanceContent />
      )),
  },
});

const financeCard = EntityCardBlueprint.make({
  name: 'finance',
  params: {
    filter: hasProjectFinance,
    loader: () =>
      import('./components/EntityFinance').then(m => <m.EntityFinanceCard />),
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
  extensions: [
    controlRoomApi,
    controlRoomPage,
    tab('overview'),
    tab('projects'),
    tab('pipelines'),
    tab('data-quality'),
    tab('advisor'),
    financeContent,
    financeCard,
  ],
});
