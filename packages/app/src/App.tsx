import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import controlRoomPlugin from '@finance-ppm/plugin-control-room/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Other plugins in package.json are discovered through `app.packages: all`.
export default createApp({
  features: [catalogPlugin, controlRoomPlugin, navModule, signInModule],
});
