// Fieldwall service worker (handwritten). Keeps the app shell and the rep's Today list readable
// offline, and keeps visits (and new customers) saved offline in IndexedDB (with their idempotency keys and
// photos) until the network is back; the server stores a repeated key once. Each queued visit
// belongs to the user signed in when it was logged (meta 'user', told by the page): only that
// user's session ever sends it, never the next person signed in on the same phone.
'use strict';
const VERSION = '__VERSION__';
const SHELL = __SHELL__;
const SHELL_CACHE = `shell-${VERSION}`;
const PAGE_CACHE = 'pages-v1';
const READABLE_OFFLINE = ['/rep', '/rep/today', '/rep/inbox', '/rep/contracts'];
// Visits, task completions and new customers saved offline are kept and sent later (claims need
// the network).
const VISIT_POST = /^\/(customers|customers\/[^/]+\/visits|tasks\/[^/]+\/complete)$/;
const DB_NAME = 'fieldwall-offline';
const MAX_QUEUED = 50;
const MAX_QUEUED_BYTES = 25 * 1024 * 1024;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('shell-') && key !== SHELL_CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// Same database, version and stores as openQueue in rep.js (page and worker share no code).
function openQueue() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('visits', { keyPath: 'key' });
      request.result.createObjectStore('meta');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function tx(db, store, mode, op) {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, mode);
    const request = op(transaction.objectStore(store));
    transaction.oncomplete = () => resolve(request && request.result);
    transaction.onerror = () => reject(transaction.error);
  });
}

async function notifyClients() {
  for (const client of await self.clients.matchAll()) client.postMessage({ type: 'queue-changed' });
}

// The language of the last page the server sent (its Content-Language), else the phone's.
async function currentLang() {
  const stored = await openQueue()
    .then((db) => tx(db, 'meta', 'readonly', (s) => s.get('lang')))
    .catch(() => null);
  if (stored) return stored;
  return (self.navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

// One offline page per language is kept in the shell: show the one in the reader's current language.
async function offlinePage() {
  const lang = await currentLang();
  return (
    (await caches.match(`/offline/${lang === 'zh-CN' ? 'zh-CN' : 'en'}`)) ||
    (await caches.match('/offline/en'))
  );
}

function page(title, text, links) {
  const body = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><link rel="stylesheet" href="${SHELL[0]}"></head><body><main id="main"><section class="card stack"><h1>${title}</h1><p role="status">${text}</p><p>${links}</p></section></main></body></html>`;
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  });
}

async function queueVisit(request) {
  const form = await request.formData();
  const entries = [];
  let bytes = 0;
  for (const [name, value] of form.entries()) {
    entries.push([name, value]);
    bytes += typeof value === 'string' ? value.length : value.size;
  }
  // Sent later, nobody is there to answer "possible duplicate?": the server saves it and says so
  // on the new customer's page instead.
  if (!form.has('queuedOffline')) entries.push(['queuedOffline', '1']);
  // Visits carry `idempotencyKey`, other create forms `submissionKey`.
  const key = form.get('idempotencyKey') || form.get('submissionKey');
  const db = await openQueue();
  const userId = await tx(db, 'meta', 'readonly', (s) => s.get('user'));
  const queued = await tx(db, 'visits', 'readonly', (s) => s.getAll());
  const queuedBytes = queued.reduce((sum, item) => sum + item.bytes, 0);
  const zh = (await currentLang()) === 'zh-CN';
  if (!userId) {
    return page(
      zh ? '未保存' : 'Not saved',
      zh
        ? '请联网并重新登录后再保存。'
        : 'Connect to the internet and sign in again before saving this.',
      '<a class="button" href="/login">OK</a>',
    );
  }
  if (!key || queued.length >= MAX_QUEUED || queuedBytes + bytes > MAX_QUEUED_BYTES) {
    return page(
      zh ? '手机存储已满' : 'Phone storage full',
      zh
        ? '离线保存的记录过多，请联网后再保存。'
        : 'Too much is waiting on this phone. Connect to the internet before saving more.',
      '<a class="button" href="/rep">OK</a>',
    );
  }
  await tx(db, 'visits', 'readwrite', (s) =>
    s.put({ key, userId, url: request.url, entries, bytes, queuedAt: Date.now() }),
  );
  await notifyClients();
  if ('sync' in self.registration) self.registration.sync.register('visits').catch(() => {});
  return page(
    zh ? '已离线保存' : 'Saved offline',
    zh
      ? '已保存在手机上，联网后将自动发送。'
      : 'Saved on this phone. It will be sent when you are back online.',
    '<a class="button" href="/rep">OK</a>',
  );
}

let syncing = null;
/**
 * Sends queued visits in order. Saved means the server redirected to the customer page with
 * `saved=1`; a sign-in page, a server error or no network keeps the visit for the next try; a
 * visit the server refuses as invalid (422) stays on the phone, marked, and is not retried.
 * Only the signed-in user's visits are sent; nobody's after sign-out.
 */
function syncQueue() {
  syncing =
    syncing ||
    (async () => {
      try {
        const db = await openQueue();
        const csrf = await tx(db, 'meta', 'readonly', (s) => s.get('csrf'));
        const userId = await tx(db, 'meta', 'readonly', (s) => s.get('user'));
        if (!userId) return;
        const queued = await tx(db, 'visits', 'readonly', (s) => s.getAll());
        for (const item of queued) {
          if (item.rejected || item.userId !== userId) continue;
          const body = new FormData();
          for (const [name, value] of item.entries)
            body.append(name, name === '_csrf' && csrf ? csrf : value);
          let response;
          try {
            response = await fetch(item.url, { method: 'POST', body, credentials: 'same-origin' });
          } catch {
            return; // Still offline: the next page load, 'online' event or sync will try again.
          }
          const landed = new URL(response.url);
          if (response.ok && response.redirected && landed.searchParams.has('saved')) {
            await tx(db, 'visits', 'readwrite', (s) => s.delete(item.key));
            await tx(db, 'meta', 'readwrite', (s) => s.put(Date.now(), 'lastSync'));
          } else if (response.status === 422) {
            await tx(db, 'visits', 'readwrite', (s) =>
              s.put({ ...item, rejected: response.status }),
            );
          } else {
            return;
          }
          await notifyClients();
        }
      } finally {
        syncing = null;
      }
    })();
  return syncing;
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'visits') event.waitUntil(syncQueue());
});

self.addEventListener('message', (event) => {
  if (!event.data || event.data.type !== 'sync-now') return;
  // The page says who is signed in and hands over its session's CSRF token: that user's visits
  // queued before a new sign-in still go through. A port, if given, hears when the pass is done.
  const { userId, csrf } = event.data;
  const remember = openQueue().then((db) =>
    tx(db, 'meta', 'readwrite', (s) => {
      if (csrf) s.put(csrf, 'csrf');
      return userId ? s.put(userId, 'user') : s.delete('user');
    }),
  );
  const reply = () => event.ports[0] && event.ports[0].postMessage({ type: 'sync-done' });
  event.waitUntil(remember.then(syncQueue).then(reply, reply));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.method === 'POST' && VISIT_POST.test(url.pathname)) {
    // Try the network first; only a failed connection puts the visit in the queue.
    event.respondWith(fetch(request.clone()).catch(() => queueVisit(request)));
    return;
  }
  if (request.method === 'POST' && url.pathname === '/logout') {
    // Signed out: nothing is sent until the next page says who is signed in.
    const forget = openQueue().then((db) =>
      tx(db, 'meta', 'readwrite', (s) => (s.delete('user'), s.delete('csrf'))),
    );
    event.waitUntil(Promise.all([caches.delete(PAGE_CACHE), forget]));
    return;
  }
  if (request.method !== 'GET') return;

  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && READABLE_OFFLINE.includes(url.pathname)) {
            const copy = response.clone();
            caches.open(PAGE_CACHE).then((cache) => cache.put(url.pathname, copy));
          }
          // Every page tells the current language, so switching it anywhere switches the offline page too.
          const lang = response.headers.get('content-language');
          if (response.ok && lang)
            openQueue().then((db) => tx(db, 'meta', 'readwrite', (s) => s.put(lang, 'lang')));
          return response;
        })
        .catch(
          async () =>
            (await caches.match(url.pathname, { cacheName: PAGE_CACHE })) ||
            (await offlinePage()) ||
            Response.error(),
        ),
    );
  }
});
