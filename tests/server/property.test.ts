// Property: any interleaving of replays, duplicates and batch splits of the same requests
// converges to the same stored state as delivering each request once, in order.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { makeApp, YAMADA, type ApiClient, type TestServer } from '../fixtures/server.js';

type Who = 'carer' | 'nurse';
interface Req {
  who: Who;
  url: string;
  body: unknown;
}

const MESSAGE_KINDS = [
  { who: 'nurse', body: { kind: 'acknowledge' } },
  { who: 'nurse', body: { kind: 'message', body: '様子を見てください', replyKind: 'advice' } },
  { who: 'carer', body: { kind: 'message', body: '熱が下がりません' } },
  { who: 'carer', body: { kind: 'close', helped: true } },
  { who: 'nurse', body: { kind: 'close' } },
] as const;

/** The requests one carer's phone and one nurse's phone would send, in order. */
function requests(observationCount: number, messageKinds: number[]): Req[] {
  const at = new Date(Date.now() - 60_000).toISOString();
  const obs = Array.from({ length: observationCount }, (_, i) => ({
    who: 'carer' as const,
    url: `/api/observations/${crypto.randomUUID()}`,
    body: { clientId: YAMADA, observedAt: at, vitals: { temperature: 37 + i / 10, pulse: 80 + i }, softSigns: i % 2 ? ['fall'] : [], note: `n${i}` },
  }));
  const kId = crypto.randomUUID();
  const consultation = {
    who: 'carer' as const,
    url: `/api/consultations/${kId}`,
    body: {
      clientId: YAMADA,
      toOrgId: 'sakura',
      observationIds: obs.map((o) => o.url.split('/').pop()),
      category: 'change',
      urgency: 'today',
      sbar: { situation: '食事量が減った', background: '', assessment: 'わからない', request: '助言を' },
    },
  };
  const messages = messageKinds.map((k) => {
    const m = MESSAGE_KINDS[k % MESSAGE_KINDS.length] ?? MESSAGE_KINDS[0];
    return { who: m.who, url: `/api/consultations/${kId}/messages/${crypto.randomUUID()}`, body: m.body };
  });
  return [...obs, consultation, ...messages];
}

/** What the server stores, without server clocks. */
async function state(s: TestServer) {
  return {
    observations: (await s.db.all(`SELECT id, client_id, author_id, input_json, news2_json FROM observations WHERE note LIKE 'n%' ORDER BY id`)),
    consultations: (await s.db.all('SELECT id, input_json, status, suggested_urgency FROM consultations ORDER BY id')),
    messages: (await s.db.all('SELECT id, consultation_id, seq, kind, input_json, author_id FROM messages ORDER BY consultation_id, seq')),
  };
}

async function deliver(s: TestServer, phones: Record<Who, ApiClient>, plan: { reqs: Req[]; batched: boolean }[]) {
  for (const chunk of plan) {
    const who = chunk.reqs[0]?.who ?? 'carer';
    if (chunk.batched && chunk.reqs.every((r) => r.who === who)) {
      const res = await phones[who].post<{ responses: { status: number }[] }>('/api/batch', {
        requests: chunk.reqs.map((r, i) => ({ id: String(i), method: 'PUT', url: r.url, body: r.body })),
      });
      expect(res.status).toBe(200);
      for (const r of res.body.responses) expect(r.status).toBeLessThan(500);
    } else {
      for (const r of chunk.reqs) expect((await phones[r.who].put(r.url, r.body)).status).toBeLessThan(500);
    }
  }
}

interface Side {
  server: TestServer;
  phones: Record<Who, ApiClient>;
}

async function side(): Promise<Side> {
  const server = await makeApp();
  return { server, phones: { carer: await server.login('carer.suzuki'), nurse: await server.login('nurse.sato') } };
}

/**
 * The two servers every run delivers to: each run sends new ids, and after every passing run the
 * two stored states were equal, so a run starts from equal states as it would from two fresh
 * regions (seeding a region and signing four people in cost more than the deliveries, most of
 * all on PostgreSQL). A run that fails leaves two fresh servers for the next: fast-check's
 * shrinking replays smaller cases, each of which must start from equal states again.
 */
let servers: { reference: Side; replayed: Side } | undefined;

async function closeServers(): Promise<void> {
  const open = servers;
  servers = undefined;
  await open?.reference.server.close();
  await open?.replayed.server.close();
}

afterAll(closeServers);

describe('replays, duplicates and batch splits converge', () => {
  it('to the state of delivering each request once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.nat(4), { maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
        async (observationCount, messageKinds, duplicates, cuts) => {
          const reqs = requests(observationCount, messageKinds);

          servers ??= { reference: await side(), replayed: await side() };
          const { reference, replayed } = servers;
          try {
            await deliver(reference.server, reference.phones, reqs.map((r) => ({ reqs: [r], batched: false })));

            // Each duplicate of request i lands anywhere after its first delivery.
            const schedule = [...reqs];
            for (const [which, where] of duplicates) {
              const i = which % reqs.length;
              const first = schedule.indexOf(reqs[i] as Req);
              const at = first + 1 + (where % (schedule.length - first));
              schedule.splice(at, 0, reqs[i] as Req);
            }
            // Split into chunks: some sent as one batch, some request by request.
            const plan: { reqs: Req[]; batched: boolean }[] = [];
            schedule.forEach((r, i) => {
              const cut = cuts[i % cuts.length] ?? false;
              const last = plan.at(-1);
              if (!last || cut || last.reqs[0]?.who !== r.who) plan.push({ reqs: [r], batched: cuts[(i + 1) % cuts.length] ?? false });
              else last.reqs.push(r);
            });
            await deliver(replayed.server, replayed.phones, plan);

            expect(await state(replayed.server)).toEqual(await state(reference.server));
          } catch (error) {
            await closeServers();
            throw error;
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 300_000);
});
