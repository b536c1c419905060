import { useLingui } from '@lingui/react/macro';
import type { LocalObservation } from '../db/db.js';
import { useObjectUrl } from './use-object-url.js';

/**
 * An observation's photo: the copy on this phone (taken here) or the server's (another phone
 * never had one). Shown
 * wherever the observation is — the client's timeline, and a consultation's もとの記録, where the
 * nurse answering about 「皮膚の変化」 has to see the skin.
 */
export function ObservationPhoto({ o, photo }: { o: LocalObservation; photo: Blob | undefined }) {
  const { t } = useLingui();
  const local = useObjectUrl(photo);
  const src = local ?? (o.photo ? `/api/observations/${o.id}/photo` : null);
  return src ? <img className="obs-photo" src={src} alt={t`観察記録の写真`} loading="lazy" /> : null;
}
