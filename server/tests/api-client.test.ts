import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiFile, renderApiFiles, schemaFile } from '../scripts/gen-api.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

const stale = (file: string) => `${file} is out of date with the server's routes: run npm run gen:api and commit the result`;

describe('the generated web API client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('matches the committed openapi.json and schema.d.ts (run npm run gen:api when this fails)', async () => {
    const fresh = await renderApiFiles(t.app);
    const committedJson = fs.existsSync(openApiFile) ? fs.readFileSync(openApiFile, 'utf8') : '';
    const committedDts = fs.existsSync(schemaFile) ? fs.readFileSync(schemaFile, 'utf8') : '';
    expect(committedJson === fresh.openapiJson, stale('web/src/api/openapi.json')).toBe(true);
    expect(committedDts === fresh.schemaDts, stale('web/src/api/schema.d.ts')).toBe(true);
  });

  it('is deterministic: two renderings of the same app are identical', async () => {
    const a = await renderApiFiles(t.app);
    const b = await renderApiFiles(t.app);
    expect(b).toEqual(a);
  });
});
