import {
  configApiRef,
  createFrontendModule,
  microsoftAuthApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  SignInPageProps,
} from '@backstage/plugin-app-react';
import { SignInPage } from '@backstage/core-components';

/** Entra ID, the only sign-in of a production portal. */
export const microsoftProvider = {
  id: 'microsoft-auth-provider',
  title: 'Microsoft',
  message: 'Sign in with your work account (Microsoft Entra ID)',
  apiRef: microsoftAuthApiRef,
};

/**
 * The providers offered: Entra ID when `auth.environment` is `production`
 * (app-config.production.yaml), guest for the local demo otherwise.
 */
export function signInProviders(environment: string | undefined) {
  return environment === 'production'
    ? [microsoftProvider]
    : (['guest'] as const);
}

export function ControlRoomSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const providers = signInProviders(
    config.getOptionalString('auth.environment'),
  );
  return <SignInPage {...props} providers={[...providers]} />;
}

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => ControlRoomSignInPage,
      },
    }),
  ],
});
