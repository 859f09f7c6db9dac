import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import prettier from 'prettier';

const specFile = path.resolve(
  __dirname,
  '../../../control-room-backend/src/schema/openapi.yaml',
);
const generatedFile = path.join(__dirname, 'openapi.generated.ts');

async function format(source: string): Promise<string> {
  const config = await prettier.resolveConfig(generatedFile);
  return prettier.format(source, { ...config, filepath: generatedFile });
}

describe('openapi.generated.ts', () => {
  it('is what `yarn generate:client` makes of the backend spec', async () => {
    const regenerated = `${COMMENT_HEADER}${astToString(
      await openapiTS(pathToFileURL(specFile)),
    )}`;
    const checkedIn = fs.readFileSync(generatedFile, 'utf8');
    // On failure: run `yarn generate:client` in plugins/control-room-common.
    expect(await format(checkedIn)).toBe(await format(regenerated));
  }, 30_000);
});
