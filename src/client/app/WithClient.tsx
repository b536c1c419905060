// What a page about one client shows until the client is read: 読み込み中… or 見つかりません.
import { useLingui } from '@lingui/react/macro';
import type { ReactNode } from 'react';
import type { Client } from '../../shared/schemas.js';
import { useClientQuery } from '../features/clients/queries.js';

export function Loading() {
  const { t } = useLingui();
  return <main className="page">{t`読み込み中…`}</main>;
}

export function WithClient({ id, children }: { id: string; children: (c: Client) => ReactNode }) {
  const { t } = useLingui();
  const client = useClientQuery(id);
  if (client === undefined) return <Loading />;
  if (client === null) {
    return (
      <main className="page">
        <p>{t`この利用者は見つかりません。`}</p>
      </main>
    );
  }
  return <>{children(client)}</>;
}
