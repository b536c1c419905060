// A message's words as its reader sees them (issue 15): a nurse's template in the reader's
// language, then the free text as written — with ふりがな (<ruby>) for a reader of やさしい日本語
// when the server added them. Put it inside the caller's own element:
// `<p className="body"><MessageText message={m} /></p>`.
import { useLingui } from '@lingui/react';
import type { ReactNode } from 'react';
import type { Message } from '../../shared/schemas.js';
import { splitTemplatedBody } from '../../shared/templates.js';
import { RubyText } from './RubyText.js';
import { templateText } from './templates.js';
import { WrittenIn } from './WrittenText.js';

type Shown = Pick<Message, 'body' | 'template' | 'bodyRuby' | 'lang'>;

export function MessageText({ message }: { message: Shown }) {
  const { i18n } = useLingui();
  const { template, free } = splitTemplatedBody(message);
  const easy = i18n.locale === 'ja-x-easy';
  return (
    <>
      {template && <span className="template-text">{templateText(template, i18n)}</span>}
      {template && free && <br />}
      {free && <Lang lang={message.lang}>{easy && message.bodyRuby ? <RubyText segments={message.bodyRuby} /> : free}</Lang>}
    </>
  );
}

/** Free text marked with the language it was written in (fonts, screen-reader voice), when it says one. */
function Lang({ lang, children }: { lang: string | undefined; children: ReactNode }) {
  return lang ? <span lang={lang}>{children}</span> : <>{children}</>;
}

/**
 * A message's words as a paragraph: the language named above it when its free text is not in the
 * reader's language (a template is always shown in the reader's), `prefix` before it (「看護師:」).
 */
export function MessageBody({ message, className, prefix }: { message: Shown; className?: string; prefix?: string }) {
  if (message.body === undefined) return null;
  return (
    <>
      {splitTemplatedBody(message).free && <WrittenIn lang={message.lang} />}
      <p className={className}>
        {prefix && `${prefix} `}
        <MessageText message={message} />
      </p>
    </>
  );
}
