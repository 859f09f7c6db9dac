import { generate } from 'selfsigned';

/** A TLS key and certificate in PEM, made for one emulator run. */
export interface ThrowawayCertificate {
  key: string;
  cert: string;
}

/**
 * A self-signed certificate for 127.0.0.1, valid for a day and never
 * written to disk: the Databricks driver always speaks HTTPS but does not
 * verify the server's certificate, so any certificate will do.
 */
export async function createThrowawayCertificate(): Promise<ThrowawayCertificate> {
  const attributes = [{ name: 'commonName', value: '127.0.0.1' }];
  const pems = await new Promise<{ private: string; cert: string }>(
    (resolve, reject) =>
      generate(
        attributes,
        {
          days: 1,
          keySize: 2048,
          algorithm: 'sha256',
          // Names the loopback address, so a client that trusts this one
          // certificate (the Jobs API client in tests) can verify it.
          extensions: [
            { name: 'basicConstraints', cA: true },
            {
              name: 'subjectAltName',
              altNames: [
                { type: 7, ip: '127.0.0.1' },
                { type: 2, value: 'localhost' },
              ],
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
  );
  return { key: pems.private, cert: pems.cert };
}
