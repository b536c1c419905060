// Live updates for an open app: one server-sent event stream (GET /api/events) that says
// "changes you may see are available"; each event triggers the usual pull. While the stream is
// up nothing polls, so an idle app sends nothing but the browser's answer to a heartbeat
// comment every 30 s. The browser reconnects a dropped stream by itself, sending the last
// event id (Last-Event-ID), and the server tells it at once if it missed anything. When the
// stream cannot be had (signed out, a proxy that does not pass it, no EventSource), isLive()
// is false and sync-triggers.ts polls as before. Hidden, the stream is closed (the phone may
// sleep); visible again, it reopens from the last id. ADR 0008.

export interface LiveEvents {
  /**
   * Opens the stream unless it is open or opening: called after each sync pass that had a
   * session (so never while signed out). After the stream failed for good, at most once a minute.
   */
  connect(): void;
  /** True while the stream is open: the server will say when there is something to pull. */
  isLive(): boolean;
}

/** After a stream the browser gave up on (401, not an event stream), wait this long to retry. */
const GIVE_UP_MS = 60_000;

export function startLiveEvents(onChanges: () => void): LiveEvents {
  let source: EventSource | null = null;
  let live = false;
  let wanted = false;
  let notBefore = 0;
  let lastId = '';

  const close = () => {
    source?.close();
    source = null;
    live = false;
  };

  const open = () => {
    if (!wanted || typeof EventSource === 'undefined' || document.visibilityState !== 'visible') return;
    if (source || Date.now() < notBefore) return;
    // A stream the app opens itself sends no Last-Event-ID: the position goes in the query.
    const es = new EventSource(lastId ? `/api/events?after=${encodeURIComponent(lastId)}` : '/api/events');
    source = es;
    es.addEventListener('open', () => {
      live = true;
    });
    es.addEventListener('changes', (e: MessageEvent<string>) => {
      lastId = e.lastEventId || lastId;
      onChanges();
    });
    es.addEventListener('error', () => {
      // CONNECTING: the browser retries by itself (polling covers the gap). CLOSED: it gave up.
      live = false;
      if (es.readyState === EventSource.CLOSED && source === es) {
        source = null;
        notBefore = Date.now() + GIVE_UP_MS;
      }
    });
  };

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') open();
    else close();
  });
  window.addEventListener('offline', close);
  window.addEventListener('online', open);
  return {
    connect() {
      wanted = true;
      open();
    },
    isLive: () => live,
  };
}
