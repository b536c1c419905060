// Online-only API calls from the page (administration, account): JSON in, JSON out, and a
// server problem turned into an Error whose message can be shown to the user as it is.
import type { ProblemError } from '../../shared/schemas.js';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: ProblemError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      ...(init.body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : {}),
    });
  } catch {
    throw new ApiError('ネットワークにつながっていません。電波の届く所でもう一度お試しください。', 0);
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const p = (body ?? {}) as { detail?: string; errors?: ProblemError[] };
    const fields = p.errors?.map((e) => `${e.path}: ${e.message}`).join('、');
    throw new ApiError(`${p.detail ?? `エラー（${res.status}）`}${fields ? `（${fields}）` : ''}`, res.status, p.errors);
  }
  return body as T;
}
