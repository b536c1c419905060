// Online-only API calls from the page (administration, account): JSON in, JSON out, and a
// server problem turned into an Error whose message can be shown to the user as it is, in the
// reader's language (i18n/problems.ts).
import { i18n } from '@lingui/core';
import type { ProblemError } from '../../shared/schemas.js';
import { problemText } from '../i18n/problems.js';

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
    throw new ApiError(problemText({ status: 0 }, i18n), 0);
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const p = (body ?? {}) as { detail?: string; errors?: ProblemError[] };
    throw new ApiError(problemText({ status: res.status, detail: p.detail, errors: p.errors }, i18n), res.status, p.errors);
  }
  return body as T;
}
