// The やさしい日本語 ruby drawer (src/client/i18n/easy-ruby.ts) against the DOM changes React
// makes — a text node written anew, written empty, moved, removed — in real Chromium, on a bare
// page: the module's own source, compiled as it is.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = ts.transpileModule(readFileSync('src/client/i18n/easy-ruby.ts', 'utf8'), {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
}).outputText;

test('the ruby follows what is written into a node, goes when it is emptied or removed, follows a moved node, and stop() puts every word back', async ({ page }) => {
  await page.setContent('<div id="root"><p id="p"><b>見出し</b></p></div>');
  await page.addScriptTag({ type: 'module', content: `${source}\nwindow.drawEasyRuby = drawEasyRuby;` });
  await page.waitForFunction(() => 'drawEasyRuby' in window);
  const state = () =>
    page.evaluate(() => {
      const p = document.getElementById('p') as HTMLElement;
      const shown = [...p.childNodes]
        .map((n) => (n instanceof Element ? (n.hasAttribute('data-ruby-of') ? `[${n.textContent}]` : `<${n.textContent}>`) : n.nodeValue))
        .join('|');
      return shown;
    });
  await page.evaluate(() => {
    const w = window as unknown as { drawEasyRuby: (root: Element, r: Record<string, string>) => { stop(): void }; text: Text; easy: { stop(): void } };
    const p = document.getElementById('p') as HTMLElement;
    w.text = document.createTextNode('通知を 見る');
    p.append(w.text);
    w.easy = w.drawEasyRuby(document.getElementById('root') as Element, { 通知: 'つうち', 記録: 'きろく' });
  });
  // The words moved into a span with their ruby; React's node stays, empty. (見出し has no reading.)
  expect(await state()).toBe('<見出し>||[通知(つうち)を 見る]');

  // React writes new words into its node: drawn anew, the old span gone.
  await page.evaluate(() => ((window as unknown as { text: Text }).text.nodeValue = '記録が あります'));
  await expect.poll(state).toBe('<見出し>||[記録(きろく)が あります]');

  // React empties it: nothing is shown (not the words before).
  await page.evaluate(() => ((window as unknown as { text: Text }).text.nodeValue = ''));
  await expect.poll(state).toBe('<見出し>|');

  // Words again, then React moves the node before 見出し: the span goes with it.
  await page.evaluate(() => ((window as unknown as { text: Text }).text.nodeValue = '通知'));
  await expect.poll(state).toBe('<見出し>||[通知(つうち)]');
  await page.evaluate(() => {
    const p = document.getElementById('p') as HTMLElement;
    p.insertBefore((window as unknown as { text: Text }).text, p.firstChild);
  });
  await expect.poll(state).toBe('|[通知(つうち)]|<見出し>');

  // stop(): React's node holds its words again, no span left.
  await page.evaluate(() => (window as unknown as { easy: { stop(): void } }).easy.stop());
  expect(await state()).toBe('通知|<見出し>');

  // Removed by React: its span goes too.
  await page.evaluate(() => {
    const w = window as unknown as { drawEasyRuby: (root: Element, r: Record<string, string>) => { stop(): void }; text: Text };
    w.drawEasyRuby(document.getElementById('root') as Element, { 通知: 'つうち' });
  });
  expect(await state()).toBe('|[通知(つうち)]|<見出し>');
  await page.evaluate(() => (window as unknown as { text: Text }).text.remove());
  await expect.poll(state).toBe('<見出し>');
});
