// Fails when src/api/schema.ts is not what `npm run gen` makes from ../openapi.yaml, so that
// an API change reaches the console's type check instead of slipping past it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'sb-schema-'));
const fresh = join(dir, 'schema.ts');
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/openapi-typescript/bin/cli.js'), join(root, '../openapi.yaml'), '-o', fresh],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const committed = readFileSync(join(root, 'src/api/schema.ts'), 'utf8');
  if (readFileSync(fresh, 'utf8') !== committed) {
    console.error('src/api/schema.ts is out of date with ../openapi.yaml: run `npm run gen` and fix the type errors.');
    process.exit(1);
  }
  console.log('schema.ts matches ../openapi.yaml');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
