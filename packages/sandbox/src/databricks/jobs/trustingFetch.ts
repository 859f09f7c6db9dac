import { Agent, fetch as undiciFetch } from 'undici';

/**
 * A `fetch` that trusts exactly the emulator's throwaway certificate, for
 * the Jobs API client, which (unlike the SQL driver) verifies certificates.
 *
 * @public
 */
export function fetchTrusting(certificate: string): typeof fetch {
  const dispatcher = new Agent({ connect: { ca: certificate } });
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, {
      ...(init as object),
      dispatcher,
    })) as unknown as typeof fetch;
}
