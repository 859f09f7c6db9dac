import { Suspense } from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { themes, UnifiedThemeProvider } from '@backstage/theme';
import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import {
  configApiRef,
  discoveryApiRef,
  errorApiRef,
  fetchApiRef,
  microsoftAuthApiRef,
  translationApiRef,
} from '@backstage/frontend-plugin-api';
import { ControlRoomSignInPage, signInProviders } from '.';

function renderFor(environment?: string) {
  return render(
    <TestApiProvider
      apis={[
        [errorApiRef, mockApis.error()],
        [translationApiRef, mockApis.translation()],
        [discoveryApiRef, mockApis.discovery()],
        // Nobody is signed in yet: silent sign-in finds no session.
        [
          fetchApiRef,
          { fetch: async () => new Response(null, { status: 401 }) },
        ],
        [
          microsoftAuthApiRef,
          {
            getBackstageIdentity: async () => undefined,
            getProfile: async () => undefined,
          },
        ],
        [
          configApiRef,
          mockApis.config({
            data: {
              app: { title: 'Finance PPM Control Room' },
              ...(environment && { auth: { environment } }),
            },
          }),
        ],
      ]}
    >
      {/* The page loads its parts lazily. */}
      <UnifiedThemeProvider theme={themes.light}>
        <MemoryRouter>
          <Suspense fallback="loading">
            <ControlRoomSignInPage onSignInSuccess={jest.fn()} />
          </Suspense>
        </MemoryRouter>
      </UnifiedThemeProvider>
    </TestApiProvider>,
  );
}

describe('sign-in page', () => {
  it('offers only Microsoft Entra ID in production', async () => {
    await renderFor('production');
    expect(await screen.findByText('Microsoft')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your work account (Microsoft Entra ID)'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });

  it('offers the guest for the local demo', async () => {
    await renderFor();
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText('Microsoft')).not.toBeInTheDocument();
  });

  it('picks the providers from auth.environment', () => {
    expect(signInProviders('production')).toEqual([
      expect.objectContaining({ id: 'microsoft-auth-provider' }),
    ]);
    expect(signInProviders('development')).toEqual(['guest']);
    expect(signInProviders(undefined)).toEqual(['guest']);
  });
});
