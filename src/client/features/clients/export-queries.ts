// Records that leave the app from a client's page: the FHIR export needs the network (the
// server assembles it from everything the caller may see); the browser saves it as a file.
import { useMutation } from '@tanstack/react-query';
import { useLiveQuery } from '../../hooks/use-live-query.js';
import { getDb } from '../../db/db.js';

/** Why an export failed, as a code the screen says in the reader's language (`status` when the server refused). */
export class ExportError extends Error {
  constructor(
    readonly reason: 'offline' | 'refused',
    readonly status?: number,
  ) {
    super(reason === 'offline' ? 'offline' : `export refused (${status ?? '?'})`);
    this.name = 'ExportError';
  }
}

async function fetchFhir(clientId: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(`/api/clients/${encodeURIComponent(clientId)}/fhir`, { credentials: 'same-origin' });
  } catch {
    throw new ExportError('offline');
  }
  if (!res.ok) {
    throw new ExportError('refused', res.status);
  }
  return res.blob();
}

function saveAs(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; free it once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function useFhirExportMutation() {
  return useMutation({
    networkMode: 'always',
    mutationFn: async (clientId: string) => {
      const blob = await fetchFhir(clientId);
      const day = new Date().toISOString().slice(0, 10);
      saveAs(blob, `kizuki-${clientId}-${day}.fhir.json`);
    },
  });
}

/** The client's closed consultations on this phone, newest first: each can become a case. */
export function useClosedConsultationsQuery(clientId: string) {
  return useLiveQuery(
    async () => {
      const all = await getDb().consultations.where('clientId').equals(clientId).toArray();
      return all.filter((k) => k.status === 'closed').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    [clientId],
    [],
  );
}
