// Helpers for the fault suite: records made through the observation form, a view of the
// server through a separate signed-in API session, a log of every /api/batch on the wire
// (page and service worker alike), and a server process of our own to kill and restart.
import { expect, request as playwrightRequest, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PASSWORD, allChanges } from './helpers.js';

export const CARER = 'carer.suzuki';

/** A prefix no other test (or earlier run on the same server) uses; notes are `${prefix}-007`. */
export function notePrefix(tag: string): string {
  return `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

export function notesFor(prefix: string, count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(from + i).padStart(3, '0')}`);
}

/** Opens a client's page from the client list. */
export async function openClient(page: Page, clientName: string): Promise<void> {
  await page.getByRole('link', { name: clientName }).click();
  await expect(page.getByRole('heading', { name: clientName, exact: true })).toBeVisible();
}

/**
 * Records one observation per note the way a carer does: 記録する, a temperature, a pulse, the
 * note, 保存, back on the client's page. Starts and ends on the client's page.
 */
export async function recordObservations(page: Page, notes: readonly string[]): Promise<void> {
  const clientUrl = page.url();
  for (const [i, note] of notes.entries()) {
    await page.getByRole('link', { name: '記録する' }).click();
    await page.getByLabel('体温', { exact: true }).fill((36 + (i % 10) / 10).toFixed(1));
    await page.getByLabel('脈拍', { exact: true }).fill(String(60 + (i % 40)));
    await page.getByLabel('メモ', { exact: true }).fill(note);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page).toHaveURL(clientUrl, { timeout: 10_000 });
  }
}

/**
 * The same form, the same taps, for many records: the first few through Playwright's actions,
 * the rest by a loop inside the page that finds the controls by their visible labels, types
 * with input events (what React listens to) and clicks 保存 — one round trip instead of six
 * per record, so 200 records take seconds, not minutes. Starts and ends on the client's page.
 */
export async function recordManyObservations(page: Page, notes: readonly string[], throughActions = 3): Promise<void> {
  await recordObservations(page, notes.slice(0, throughActions));
  const rest = notes.slice(throughActions);
  if (rest.length === 0) return;
  await page.evaluate(async (todo) => {
    const waitFor = async <T>(what: string, find: () => T | null | undefined): Promise<T> => {
      const end = performance.now() + 10_000;
      for (;;) {
        const found = find();
        if (found) return found;
        if (performance.now() > end) throw new Error(`not found: ${what}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const byText = <E extends Element>(selector: string, text: string) =>
      [...document.querySelectorAll<E>(selector)].find((el) => el.textContent?.trim() === text);
    const control = (label: string) => {
      const el = byText<HTMLLabelElement>('label', label)?.control;
      return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
    };
    const type = (el: HTMLInputElement | HTMLTextAreaElement, value: string) => {
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const clientPath = location.pathname;
    for (const [i, note] of todo.entries()) {
      (await waitFor('記録する', () => byText<HTMLAnchorElement>('a', '記録する'))).click();
      type(await waitFor('体温', () => control('体温')), (36 + (i % 10) / 10).toFixed(1));
      type(await waitFor('脈拍', () => control('脈拍')), String(60 + (i % 40)));
      const memo = await waitFor('メモ', () => control('メモ'));
      type(memo, note);
      await waitFor('メモ typed', () => memo.value === note);
      (await waitFor('保存', () => byText<HTMLButtonElement>('button', '保存')))?.click();
      await waitFor(`back on the client's page after ${note}`, () => location.pathname === clientPath);
    }
  }, rest);
}

export function unsent(page: Page, n: number) {
  return page.getByText(`未送信 ${n}件`, { exact: true });
}

/** A second, independent session on the server: it reads what arrived without touching the page's. */
export async function serverReader(baseURL: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL, timeout: 10_000 });
  const res = await api.post('/api/session', { data: { loginId: CARER, password: PASSWORD } });
  expect(res.status()).toBe(200);
  return api;
}

/** The notes starting with `prefix` of every observation the server holds (one entry per record). */
export async function notesOnServer(api: APIRequestContext, prefix: string): Promise<string[]> {
  const changes = await allChanges(api);
  return changes
    .filter((c) => c.type === 'observation' && typeof c.data.note === 'string' && c.data.note.startsWith(`${prefix}-`))
    .map((c) => String(c.data.note))
    .sort();
}

/** The server holds exactly these records: none missing, none twice (a copy has a new id). */
export async function expectOnServerOnce(api: APIRequestContext, prefix: string, notes: readonly string[]): Promise<void> {
  expect(await notesOnServer(api, prefix)).toEqual([...notes].sort());
}

/**
 * What the phone shows once everything went out: 未送信 0件, nothing rejected, no sign-in
 * prompt, and on the client's page the newest of these records each shown once, 送信済み.
 */
export async function expectScreenSettled(page: Page, notes: readonly string[], timeout = 30_000): Promise<void> {
  await expect(unsent(page, 0)).toBeVisible({ timeout });
  await expect(page.getByText(/送信できなかった記録/)).toHaveCount(0);
  await expect(page.getByText('再ログインが必要です')).toHaveCount(0);
  await expectCards(page, notes.slice(-5), '送信済み', timeout);
}

/** Each note's card is on the page once and carries the given delivery label (送信待ち / 送信済み). */
export async function expectCards(page: Page, notes: readonly string[], label: '送信待ち' | '送信済み', timeout = 15_000): Promise<void> {
  for (const note of notes) {
    const card = page.getByRole('listitem').filter({ hasText: note });
    await expect(card, note).toHaveCount(1, { timeout });
    await expect(card.getByText(label, { exact: true }), `${note} ${label}`).toBeVisible({ timeout });
  }
}

export interface BatchCall {
  fromServiceWorker: boolean;
  /** The url of every entry in the batch (/api/observations/{id} …). */
  urls: string[];
  at: number;
}

/** Logs every POST /api/batch the context sends, from its pages and its service worker. */
export function logBatches(context: BrowserContext): BatchCall[] {
  const calls: BatchCall[] = [];
  context.on('request', (req) => {
    if (req.method() !== 'POST' || !req.url().endsWith('/api/batch')) return;
    const body = req.postDataJSON() as { requests?: { url: string }[] } | null;
    calls.push({ fromServiceWorker: req.serviceWorker() !== null, urls: (body?.requests ?? []).map((r) => r.url), at: Date.now() });
  });
  return calls;
}

/** How many times each entry was put on the wire. */
export function sendsPerEntry(calls: readonly BatchCall[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of calls) for (const u of c.urls) counts.set(u, (counts.get(u) ?? 0) + 1);
  return counts;
}

/** Waits for the service worker to control the page (after a load or a reload). */
export async function waitForController(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((res, rej) => {
        navigator.serviceWorker.addEventListener('controllerchange', () => res(), { once: true });
        setTimeout(() => rej(new Error('no service worker controls the page')), 10_000);
      });
    }
  });
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- A server process of our own -------------------------------------------------------

export class OwnServer {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'kizuki-fault-'));
  private proc: ChildProcess | undefined;
  private stderr = '';
  private stdout = '';

  /** `demo: false` starts on an empty database, as a first start without DEMO does. */
  constructor(
    readonly port: number,
    private readonly opts: { demo: boolean; env?: Record<string, string> } = { demo: true },
  ) {}

  /** What the server printed so far (the setup URL, on a first start without DEMO). */
  get output(): string {
    return this.stdout;
  }

  get baseURL(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Starts `node dist/server/server/index.js` on our data dir and port; resolves once healthy. */
  async start(): Promise<void> {
    if (this.proc) throw new Error('already running');
    const proc = spawn(process.execPath, [resolve('dist/server/server/index.js')], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        DEMO: this.opts.demo ? '1' : '',
        ...this.opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    proc.stdout?.on('data', (d: Buffer) => {
      this.stdout += d.toString();
    });
    proc.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    proc.once('exit', () => {
      if (this.proc === proc) this.proc = undefined;
    });
    // A bound for a server that hangs, not a measure: a start (migrations, the demo seed) on a
    // machine busy with other jobs took over 20 s; the test's own timeout stays the real bound.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (!this.proc) throw new Error(`server exited while starting: ${this.stderr}`);
      try {
        const res = await fetch(`${this.baseURL}/api/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.kill();
    throw new Error(`server did not become healthy: ${this.stderr}`);
  }

  /** SIGKILL by pid (no clean shutdown), and wait until the process is gone. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc?.pid) return;
    const exited = new Promise<void>((res) => proc.once('exit', () => res()));
    process.kill(proc.pid, 'SIGKILL');
    await withTimeout(exited, 10_000, `server ${proc.pid} to exit`);
    this.proc = undefined;
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
