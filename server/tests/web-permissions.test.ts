import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissionsFile, renderPermissionsFile } from '../scripts/gen-permissions.ts';
import { modules } from '../src/modules.ts';

describe("the web app's permission type", () => {
  it('matches the committed web/src/api/permissions.ts (run npm run gen:api when this fails)', () => {
    const committed = fs.existsSync(permissionsFile) ? fs.readFileSync(permissionsFile, 'utf8') : '';
    expect(committed, 'web/src/api/permissions.ts is out of date with the manifests: run npm run gen:api').toBe(
      renderPermissionsFile(modules),
    );
  });

  it('lists every declared permission once, and nothing else', () => {
    const text = renderPermissionsFile([
      { name: 'b', messages: { vi: {}, en: {} }, permissions: [{ id: 'b.thing.write', label: { vi: 'x', en: 'x' } }] },
      {
        name: 'a',
        messages: { vi: {}, en: {} },
        permissions: [
          { id: 'a.thing.read', label: { vi: 'x', en: 'x' } },
          { id: 'b.thing.write', label: { vi: 'x', en: 'x' } },
        ],
      },
      { name: 'c', messages: { vi: {}, en: {} } },
    ]);
    const listed = [...text.matchAll(/^ {2}'([^']+)',$/gm)].map((m) => m[1]);
    expect(listed).toEqual(['a.thing.read', 'b.thing.write']);
  });
});
