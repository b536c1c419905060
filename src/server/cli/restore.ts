// `npm run restore -- FILE`: restores a backup into DATA_DIR, which must be empty (or absent).
// Stop the server first; start it again afterwards.
import { restoreDatabase } from '../backup.js';

export function restoreCli(args: readonly string[], env: NodeJS.ProcessEnv, log: (line: string) => void): number {
  const [file] = args;
  if (!file) {
    log('Usage: npm run restore -- <backup file>   (DATA_DIR names the empty directory to restore into)');
    return 2;
  }
  const dataDir = env.DATA_DIR ?? './data';
  try {
    const { auditEntries } = restoreDatabase({ file, dataDir });
    const audit = auditEntries === null ? 'its schema predates the audit chain' : `${auditEntries} audit entries, chain intact`;
    log(`Restored ${file} into ${dataDir} (${audit}). Start the server.`);
    return 0;
  } catch (err) {
    log(`Restore refused: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (process.argv[1] && /cli\/restore\.js$/.test(process.argv[1])) {
  process.exitCode = restoreCli(process.argv.slice(2), process.env, (line) => console.log(line));
}
