// `npm run audit:verify`: checks the audit log's hash chain in DATA_DIR (read-only; safe while
// the server runs) and names the first broken entry. Exit code 0 intact, 1 broken, 2 unusable.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { verifyAuditChainOf } from '../audit.js';

export function auditVerify(dataDir: string, log: (line: string) => void): number {
  const file = join(resolve(dataDir), 'kizuki.sqlite');
  if (!existsSync(file)) {
    log(`No database at ${file} (set DATA_DIR).`);
    return 2;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'audit_chain'").get()) {
      log('This database predates the audit hash chain: start the server once to migrate it.');
      return 2;
    }
    const report = verifyAuditChainOf(db);
    if (!report.ok) {
      log(`BROKEN: audit entry #${report.firstBroken.id} ${report.firstBroken.reason}.`);
      log(`(${report.entries} entries read up to it.) Restore the audit log from a backup and investigate.`);
      return 1;
    }
    log(`OK: ${report.entries} audit entries, the chain is intact${report.unchained ? ` (${report.unchained} older entries predate it)` : ''}.`);
    if (report.head) {
      // Only a head recorded outside this machine shows that the newest entries were not cut off.
      log(`Head: #${report.head.id} ${report.head.hash}`);
    }
    return 0;
  } finally {
    db.close();
  }
}

if (process.argv[1] && /audit-verify\.js$/.test(process.argv[1])) {
  process.exitCode = auditVerify(process.env.DATA_DIR ?? './data', (line) => console.log(line));
}
