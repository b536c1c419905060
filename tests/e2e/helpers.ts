import { expect, type APIRequestContext, type Browser, type BrowserContext, type BrowserContextOptions, type CDPSession, type Page } from '@playwright/test';

export const PASSWORD = 'kizuki-demo';

/**
 * Opens the app, waits until the service worker controls the page, and signs in. On a phone
 * without service workers (withoutServiceWorker) there is nothing to wait for.
 */
export async function signIn(page: Page, loginId: string): Promise<void> {
  await page.goto('/');
  await page.evaluate(async () => {
    if (!('serviceWorker' in navigator)) return;
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });
  await page.getByLabel('ログインID', { exact: true }).fill(loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('button', { name: 'ログアウト' })).toBeVisible();
}

/**
 * The phone's browser offers no service workers, as a browser without them: `'serviceWorker' in
 * navigator` is false from the first page load, so the app never registers its worker
 * (pwa/register.ts) and syncs from the page alone (pwa/sync-triggers.ts), and signIn() has no
 * worker to wait for. For tests about screens, not about the worker or about opening pages
 * offline: a fresh context otherwise precaches the app's 85 files, one at a time, before signIn()
 * goes on — ~1.5 s and ~1 CPU-second on a quiet machine, 5–13 s at load 10 (ADR 0013, stop 16).
 * Call it before the context's first page load.
 */
export async function withoutServiceWorker(context: BrowserContext): Promise<BrowserContext> {
  await context.addInitScript(() => {
    delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker;
  });
  return context;
}

/** Phones kept for one test file: keptPhones(). */
export interface KeptPhones {
  /** The file's phone signed in as `loginId` (through the UI the first time), on whatever screen its last test left. */
  get(browser: Browser, loginId: string): Promise<Page>;
  /** Closes them all (the file's afterAll). */
  closeAll(): Promise<void>;
}

/**
 * One phone per account for a whole test file: signed in once through the UI (signIn(), so the
 * service worker controls it) and then kept, context and page, for the file's later tests, which
 * go on from wherever the last one left it (page.goto or in-app navigation). Restoring a context
 * from kept storage state with IndexedDB costs about as much as a UI sign-in on a busy machine
 * (measured at stop 14, and that helper removed); a kept page costs nothing. Only for tests that need no fresh phone: nothing offline,
 * no sign-out, no first sync, nothing one test leaves on the phone that another's checks read.
 * Call it at the top of a spec file (one set per file) and close them in that file's afterAll.
 * `withoutWorker`: phones without service workers (withoutServiceWorker), for files about screens.
 */
export function keptPhones(options: BrowserContextOptions = {}, { withoutWorker = false }: { withoutWorker?: boolean } = {}): KeptPhones {
  const phones = new Map<string, Promise<{ context: BrowserContext; page: Page }>>();
  return {
    async get(browser, loginId) {
      let phone = phones.get(loginId);
      if (!phone) {
        phone = (async () => {
          const context = await browser.newContext(options);
          if (withoutWorker) await withoutServiceWorker(context);
          const page = await context.newPage();
          await signIn(page, loginId);
          return { context, page };
        })();
        phones.set(loginId, phone);
        // A failed sign-in is not kept: the next test signs in again (and fails on its own).
        phone.catch(() => phones.delete(loginId));
      }
      return (await phone).page;
    },
    async closeAll() {
      const all = [...phones.values()];
      phones.clear();
      // Side by side: closing a context that has a service worker took seconds under load.
      await Promise.all((await Promise.allSettled(all)).map((phone) => (phone.status === 'fulfilled' ? phone.value.context.close() : undefined)));
    },
  };
}

/** A fresh phone, signed out; `withoutWorker` makes it one without service workers (withoutServiceWorker). */
export async function newPhone(
  browser: { newContext: (options?: BrowserContextOptions) => Promise<BrowserContext> },
  { withoutWorker = false, ...options }: BrowserContextOptions & { withoutWorker?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  if (withoutWorker) await withoutServiceWorker(context);
  const page = await context.newPage();
  return { context, page };
}

interface Change {
  type: 'client' | 'observation' | 'consultation';
  id: string;
  data: Record<string, unknown>;
}

/** Everything the signed-in account of `request` may see, read through the changes feed. */
export async function allChanges(request: APIRequestContext): Promise<Change[]> {
  const out: Change[] = [];
  let after = '';
  for (;;) {
    const res = await request.get(`/api/changes?limit=500${after ? `&after=${after}` : ''}`);
    expect(res.status()).toBe(200);
    const page = (await res.json()) as { changes: Change[]; cursor: string; more: boolean };
    out.push(...page.changes);
    after = page.cursor;
    if (!page.more) return out;
  }
}

/**
 * This worker's server (playwright.config.ts gives each worker its own) named as localhost:
 * WebAuthn refuses IP addresses as relying-party ids. Never build a URL from E2E_PORT in a test:
 * with two workers it would be the other worker's server.
 */
export function localhostOrigin(baseURL: string | undefined): string {
  const url = new URL(baseURL ?? '');
  url.hostname = 'localhost';
  return url.origin;
}

/**
 * A platform passkey authenticator in the page (DevTools WebAuthn domain): resident keys, the
 * person verified (fingerprint/face/PIN), presence confirmed without a tap.
 */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** How many observations and outbox entries on the phone hold `note` (read from IndexedDB). */
export function storedWithNote(page: Page, note: string): Promise<{ observations: number; outbox: number }> {
  return page.evaluate(async (note) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kizuki');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as unknown[]);
        r.onerror = () => reject(r.error);
      });
    const hasNote = (v: unknown) => JSON.stringify(v).includes(note);
    const found = { observations: (await all('observations')).filter(hasNote).length, outbox: (await all('outbox')).filter(hasNote).length };
    db.close();
    return found;
  }, note);
}
