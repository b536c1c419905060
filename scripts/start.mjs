// `npm start`: build the client and the server when the sources are newer than the build,
// then run the server (dist/server/server/index.js). Plain JS so it runs before any build.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outputs = [join(root, 'dist/client/index.html'), join(root, 'dist/server/server/index.js')];

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p));
const built = outputs.every((p) => existsSync(p)) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const source = Math.max(...inputs.filter((p) => existsSync(p)).map(newest));
if (built < source) {
  console.log('Building Kizuki…');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
await import(join(root, 'dist/server/server/index.js'));
