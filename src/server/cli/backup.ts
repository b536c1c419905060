// `npm run backup`: a consistent copy of DATA_DIR's database into BACKUP_DIR (default
// ./backups), keeping the newest BACKUP_KEEP (default 14). Safe while the server runs.
import { backupDatabase } from '../backup.js';

export async function backupCli(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<number> {
  const keep = Number(env.BACKUP_KEEP ?? 14);
  if (!Number.isInteger(keep) || keep < 1) {
    log('BACKUP_KEEP must be a whole number of at least 1.');
    return 2;
  }
  try {
    const { file, removed } = await backupDatabase({ dataDir: env.DATA_DIR ?? './data', backupDir: env.BACKUP_DIR ?? './backups', keep });
    log(`Backup written: ${file}`);
    for (const r of removed) log(`Removed old generation: ${r}`);
    log('Copy at least one generation off this machine (see README, "Backups").');
    return 0;
  } catch (err) {
    log(`Backup failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (process.argv[1] && /cli\/backup\.js$/.test(process.argv[1])) {
  process.exitCode = await backupCli(process.env, (line) => console.log(line));
}
