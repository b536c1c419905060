// ふりがな on the kanji of the やさしい日本語 interface (PRODUCT.md "Languages"). The catalog's
// readings are worked out ahead (scripts/easy-ruby.mjs → locales/ja-x-easy.ruby.json) and drawn
// here, on the page's text as React left it: the interface's words come from `t` as strings, so
// there is no element of ours to put <ruby> in.
//
// How, without disturbing React: a text node React made keeps its place and its identity (React
// updates it by `nodeValue` and removes it from the same parent); only its words move, into a
// span of ours right after it (`data-ruby-of`), and the node itself is emptied. When React
// writes new words into the node, or removes it, a MutationObserver (which runs before the next
// frame) draws them again or takes the span away. Switching to another language puts every word
// back. Text marked with a language of its own (free text, `lang="vi"`…), form fields, options
// and the server's ruby are left as they are.
type Readings = Record<string, string>;

const KANJI = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF々〆ヶ]+/g;
const HIRAGANA = /^[\u3041-\u309F]+/;
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEXTAREA', 'INPUT', 'OPTION', 'SELECT', 'TITLE', 'RUBY', 'RT', 'RP', 'NOSCRIPT']);

/** Text → pieces, each kanji run with the reading the catalog gives it (see the script's keys). */
export function rubySegments(text: string, readings: Readings): { base: string; reading?: string }[] {
  const out: { base: string; reading?: string }[] = [];
  let at = 0;
  for (const m of text.matchAll(KANJI)) {
    const chars = [...m[0]];
    const after = (HIRAGANA.exec(text.slice(m.index + m[0].length)) ?? [''])[0];
    // The run, or failing that its longest known pieces (看護師: 看護 + 師 when only those are
    // known); one kanji alone only at the run's end, where the kana after it say how it reads.
    let offset = m.index;
    for (let i = 0; i < chars.length; ) {
      let len = chars.length - i;
      let reading: string | undefined;
      for (; len > 1; len--) if ((reading = readings[chars.slice(i, i + len).join('')]) !== undefined) break;
      if (len === 1) {
        const one = chars[i] ?? '';
        reading = i === chars.length - 1 ? (readings[one + after.slice(0, 2)] ?? readings[one + after.slice(0, 1)]) : undefined;
      }
      const base = chars.slice(i, i + len).join('');
      if (reading !== undefined) {
        if (offset > at) out.push({ base: text.slice(at, offset) });
        out.push({ base, reading });
        at = offset + base.length;
      }
      offset += base.length;
      i += len;
    }
  }
  if (out.length === 0) return [{ base: text }];
  if (at < text.length) out.push({ base: text.slice(at) });
  return out;
}

/** Whether a text node is the interface's own Japanese (not free text in another language, not a field). */
function drawable(node: Text, root: Element): boolean {
  for (let el = node.parentElement; el && el !== root.parentElement; el = el.parentElement) {
    if (SKIP.has(el.tagName) || el.isContentEditable || el.hasAttribute('data-ruby-of')) return false;
    // An HTML span inside SVG would not be drawn.
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') return false;
    const lang = el.getAttribute('lang');
    if (lang !== null && el !== document.documentElement) return lang === 'ja-x-easy';
  }
  return true;
}

export interface EasyRuby {
  stop(): void;
}

/** Draws the readings on `root` and on whatever React puts there, until `stop()`. */
export function drawEasyRuby(root: Element, readings: Readings): EasyRuby {
  // The words React wrote into each emptied node, and the span that shows them.
  const drawn = new Map<Text, { words: string; span: HTMLSpanElement }>();
  // Nodes this code emptied whose mutation record is still to come: told apart from React
  // writing '' into a node (then its span goes, and nothing is drawn).
  const emptiedByUs = new Set<Text>();

  const undraw = (node: Text): void => {
    const had = drawn.get(node);
    if (!had) return;
    had.span.remove();
    drawn.delete(node);
  };

  const draw = (node: Text): void => {
    const had = drawn.get(node);
    if (had) {
      // Already drawn (its element moved, or React moved the node itself): the span follows it.
      if (node.nextSibling !== had.span) node.after(had.span);
      return;
    }
    if (!node.parentNode || !drawable(node, root)) return;
    const words = node.nodeValue ?? '';
    const segments = rubySegments(words, readings);
    if (segments.length === 1 && segments[0]?.reading === undefined) return;
    const span = document.createElement('span');
    span.setAttribute('data-ruby-of', '');
    for (const s of segments) {
      if (s.reading === undefined) {
        span.append(s.base);
        continue;
      }
      const ruby = document.createElement('ruby');
      const rt = document.createElement('rt');
      rt.textContent = s.reading;
      const open = document.createElement('rp');
      open.textContent = '(';
      const close = document.createElement('rp');
      close.textContent = ')';
      ruby.append(s.base, open, rt, close);
      span.append(ruby);
    }
    node.after(span);
    drawn.set(node, { words, span });
    node.nodeValue = '';
    emptiedByUs.add(node);
  };

  const walk = (from: Node): void => {
    if (from.nodeType === Node.TEXT_NODE) {
      draw(from as Text);
      return;
    }
    if (from instanceof Element && (SKIP.has(from.tagName) || from.hasAttribute('data-ruby-of'))) return;
    const texts = document.createTreeWalker(from, NodeFilter.SHOW_TEXT);
    const found: Text[] = [];
    for (let n = texts.nextNode(); n; n = texts.nextNode()) found.push(n as Text);
    for (const t of found) draw(t);
  };

  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') {
        if (r.target.nodeType !== Node.TEXT_NODE) continue;
        const node = r.target as Text;
        // Our own emptying, nothing written since: as drawn.
        if (emptiedByUs.delete(node) && node.nodeValue === '') continue;
        // React wrote into the node: its words now, drawn again (or none, for '').
        undraw(node);
        draw(node);
        continue;
      }
      for (const n of r.removedNodes) if (n.nodeType === Node.TEXT_NODE && !n.isConnected) undraw(n as Text);
      for (const n of r.addedNodes) if (n.isConnected) walk(n);
    }
    // Nodes gone with a removed ancestor: their spans went with it.
    for (const [node] of drawn) {
      if (node.isConnected) continue;
      drawn.delete(node);
      emptiedByUs.delete(node);
    }
  });
  walk(root);
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  return {
    stop() {
      observer.disconnect();
      for (const [node, { words, span }] of drawn) {
        span.remove();
        node.nodeValue = words;
      }
      drawn.clear();
      emptiedByUs.clear();
    },
  };
}

let current: EasyRuby | null = null;
let wanted = false;

/** On for やさしい日本語, off otherwise; the readings load with their own chunk the first time. */
export function followLanguage(locale: string): void {
  wanted = locale === 'ja-x-easy';
  if (!wanted) {
    current?.stop();
    current = null;
    return;
  }
  if (current || typeof document === 'undefined') return;
  void import('./locales/ja-x-easy.ruby.json').then(({ default: readings }) => {
    const root = document.getElementById('root');
    if (wanted && !current && root) current = drawEasyRuby(root, readings as Readings);
  });
}
