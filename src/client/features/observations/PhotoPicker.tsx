// An optional photo: 「写真を撮る」 opens the camera on phones (the browser's own file input,
// in the browser's language, stays hidden); the picture is shrunk to ≤ 300 KB and its
// metadata (location) dropped before it is kept.
import { useLingui } from '@lingui/react/macro';
import { useId, useRef, useState } from 'react';
import { compressImage } from '../../ui/compress-image.js';
import { useObjectUrl } from '../../ui/use-object-url.js';

export function PhotoPicker({ value, onChange }: { value: Blob | null; onChange: (b: Blob | null) => void }) {
  const { t } = useLingui();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const url = useObjectUrl(value);
  const kb = value ? Math.round(value.size / 1024) : 0;
  return (
    <div className="field">
      <label htmlFor={id}>{t`写真（任意）`}</label>
      <input
        ref={input}
        id={id}
        type="file"
        accept="image/*"
        capture="environment"
        className="file-input"
        tabIndex={-1}
        disabled={busy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setBusy(true);
          setError(null);
          compressImage(file)
            // The picture could not be read or could not be made small enough: either way, another one.
            .then(onChange, () => setError(t`写真を小さくできませんでした。別の写真を選んでください。`))
            .finally(() => setBusy(false));
        }}
      />
      <button type="button" className="photo-button" disabled={busy} onClick={() => input.current?.click()}>
        {value ? t`写真を撮り直す` : t`写真を撮る`}
      </button>
      {busy && <span className="hint">{t`写真を小さくしています…`}</span>}
      {error && <span role="alert" className="error">{error}</span>}
      {url && value && (
        <span className="photo-preview">
          <img src={url} alt={t`添付する写真`} />
          <span className="hint">{t`${kb} KB（位置情報は含みません）`}</span>
          <button type="button" onClick={() => onChange(null)}>
            {t`写真を外す`}
          </button>
        </span>
      )}
    </div>
  );
}
