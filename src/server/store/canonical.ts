// Canonical JSON (sorted keys) so that "the same body" ignores key order: what a replayed write
// is compared by (stored as input_json), so its text must never change for a value already
// stored. `canonicalByReplacer` is the definition; `canonical` writes the same text in one walk
// over the plain JSON values a parsed body holds (the replacer builds a sorted copy of every
// object, a few µs of each write's CPU), and leaves anything else to the definition.

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function canonicalByReplacer(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => byKey(a, b)))
      : v,
  );
}

/** Not plain JSON data (a Date, a Map, a toJSON, a BigInt …): the definition decides. */
const NOT_PLAIN = new Error('not plain JSON data');

// An object made by Object.fromEntries lists array-index keys first, in numeric order.
const INDEX = /^(?:0|[1-9]\d{0,9})$/;
const isIndex = (k: string) => INDEX.test(k) && Number(k) < 4294967295;

/** The text of `v`, or undefined where JSON.stringify leaves a member out. */
function write(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(v);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
    default:
      throw NOT_PLAIN;
  }
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype || 'toJSON' in v) throw NOT_PLAIN;
    let text = '[';
    for (let i = 0; i < v.length; i++) text += (i > 0 ? ',' : '') + (write(v[i]) ?? 'null');
    return `${text}]`;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in v) throw NOT_PLAIN;
  const o = v as Record<string, unknown>;
  let keys = Object.keys(o).sort(byKey);
  if (keys.some(isIndex)) keys = [...keys.filter(isIndex).sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndex(k))];
  let text = '{';
  for (const k of keys) {
    const member = write(o[k]);
    if (member !== undefined) text += (text.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + member;
  }
  return `${text}}`;
}

export function canonical(value: unknown): string {
  try {
    const text = write(value);
    if (text !== undefined) return text;
  } catch {
    // Not plain data, or a cycle: the definition gives its text (or its error).
  }
  return canonicalByReplacer(value);
}
