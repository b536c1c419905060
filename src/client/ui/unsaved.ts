// Which forms hold input that is not saved yet. An update waits until there is none.
const dirty = new Set<string>();
const listeners = new Set<() => void>();

export function markUnsaved(key: string, unsaved: boolean): void {
  const had = dirty.has(key);
  if (unsaved) dirty.add(key);
  else dirty.delete(key);
  if (had !== unsaved) for (const l of listeners) l();
}

export function hasUnsavedInput(): boolean {
  return dirty.size > 0;
}

export function subscribeUnsaved(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
