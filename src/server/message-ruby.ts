// ふりがな for the free Japanese text of a nurse's message (issue 15), worked out before the
// write (the tokenizer is asynchronous and, the first time, slow): for the API's messages and
// for the demo region's, so that both read the same to a carer of やさしい日本語. Best effort:
// without it the message is stored without ruby.
import type { RubySegment } from '../shared/schemas.js';
import { MessageInputSchema } from '../shared/schemas.js';
import { splitTemplatedBody } from '../shared/templates.js';
import { hasKanji, type Furigana } from './furigana.js';
import type { MessageRuby } from './store/consultation-view.js';

/** The body after any template, the follow-up task and the feedback's 「次はここも」 (all in the message's `lang`). */
export async function messageRuby(furigana: Furigana | undefined, role: string, value: unknown): Promise<MessageRuby | undefined> {
  if (!furigana || role !== 'nurse') return undefined;
  const parsed = MessageInputSchema.safeParse(value);
  if (!parsed.success) return undefined;
  // Text the phone says is in another language gets none (`lang`, BCP 47, when it is sent).
  const lang = parsed.data.lang;
  if (lang !== undefined && lang !== 'ja' && !lang.startsWith('ja-')) return undefined;
  const read = async (text: string | undefined): Promise<RubySegment[] | undefined> => {
    if (!text || !hasKanji(text)) return undefined;
    try {
      return await furigana.ruby(text);
    } catch (e) {
      console.warn('furigana failed:', e);
      return undefined;
    }
  };
  const [body, task, next] = await Promise.all([
    read(splitTemplatedBody(parsed.data).free),
    read(parsed.data.followUp?.task),
    read(parsed.data.feedback?.next),
  ]);
  const ruby: MessageRuby = { ...(body ? { body } : {}), ...(task ? { task } : {}), ...(next ? { next } : {}) };
  return Object.keys(ruby).length > 0 ? ruby : undefined;
}
