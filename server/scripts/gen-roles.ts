import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { modules } from '../src/modules.ts';
import { roleMatrixMarkdown } from '../src/modules/identity/roles-matrix.ts';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/roles.md');
fs.writeFileSync(target, roleMatrixMarkdown(modules));
process.stdout.write(`wrote ${target}\n`);
