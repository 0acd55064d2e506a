// Fieldwall on the rep's phone: registers the service worker, fills the check-in position,
// shrinks photos before upload, and shows the offline queue. Every page works without it.
(() => {
  'use strict';
  const DB_NAME = 'fieldwall-offline';
  const MAX_PHOTO_EDGE = 1280;
  // Queued visits belong to the user who logged them (see sw.js); the page says who is signed in.
  const userId = document.body.dataset.userId || null;

  // Only a signed-in rep's pages work offline; other pages just use the form helpers below.
  if ('serviceWorker' in navigator && document.body.dataset.offline === 'rep') {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
    const csrfField = document.querySelector('input[name="_csrf"]');
    /** Tells the worker who is signed in and lets it send their queue; resolves when it is done (or after 15 s). */
    const syncNow = () =>
      navigator.serviceWorker.ready.then(
        (reg) =>
          new Promise((resolve) => {
            if (!reg.active) return resolve();
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve();
            setTimeout(resolve, 15000);
            reg.active.postMessage(
              { type: 'sync-now', userId, csrf: csrfField ? csrfField.value : null },
              [channel.port2],
            );
          }),
      );
    window.addEventListener('online', syncNow);
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'queue-changed') showSyncStatus();
    });
    // Also offline: the worker must know whose visits it is about to queue.
    syncNow();

    // Signing out: send this user's waiting visits first; if some cannot go, ask before leaving
    // them on the phone (they wait for this user's next sign-in, never anyone else's).
    const signOut = document.querySelector('form[action="/logout"]');
    if (signOut) {
      signOut.addEventListener('submit', async (event) => {
        event.preventDefault();
        let waiting = await waitingCount().catch(() => 0);
        if (waiting > 0 && navigator.onLine) {
          await syncNow();
          waiting = await waitingCount().catch(() => 0);
        }
        if (
          waiting === 0 ||
          window.confirm(document.body.dataset.unsent.replace('{n}', String(waiting)))
        )
          signOut.submit();
      });
    }
  }

  // Same database, version and stores as openQueue in sw.js (page and worker share no code).
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

  function read(db, store, op) {
    return new Promise((resolve, reject) => {
      const request = op(db.transaction(store).objectStore(store));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  /** This user's visits still on the phone and not refused by the server. */
  async function waitingCount() {
    const db = await openQueue();
    const queued = await read(db, 'visits', (s) => s.getAll());
    return queued.filter((item) => item.userId === userId && !item.rejected).length;
  }

  async function showSyncStatus() {
    const status = document.getElementById('sync-status');
    if (!status || !('indexedDB' in window)) return;
    try {
      const db = await openQueue();
      const waiting = await waitingCount();
      const lastSync = await read(db, 'meta', (s) => s.get('lastSync'));
      const saved = status.dataset.saved || (status.dataset.saved = status.textContent);
      const parts = [];
      if (!navigator.onLine) parts.push(status.dataset.offline);
      if (waiting > 0) {
        // The server wrote one template per plural form of the page's language.
        const form = new Intl.PluralRules(document.documentElement.lang).select(waiting);
        const template =
          status.dataset[`waiting${form[0].toUpperCase()}${form.slice(1)}`] ??
          status.dataset.waitingOther;
        parts.push(template.replace('{n}', waiting.toLocaleString(document.documentElement.lang)));
      } else if (navigator.onLine) parts.push(saved);
      if (lastSync)
        parts.push(
          status.dataset.last.replace(
            '{time}',
            new Date(lastSync).toLocaleString(document.documentElement.lang),
          ),
        );
      if (parts.length > 0) status.textContent = parts.join(' · ');
      status.dataset.waitingCount = String(waiting);
    } catch {
      // Private browsing without IndexedDB: the server's "saved" line stays.
    }
  }
  showSyncStatus();
  window.addEventListener('online', showSyncStatus);
  window.addEventListener('offline', showSyncStatus);

  // Customer forms (new customer, lead conversion) take the phone's position when the rep asks.
  for (const ask of document.querySelectorAll('fieldset.position button.use-position')) {
    ask.hidden = false;
    ask.addEventListener('click', () => fillPosition(ask.form, ask.closest('fieldset')));
  }

  // The visit, task completion and new-customer forms: position, photo shrinking, offline marking.
  const form = document.querySelector('form[data-offline-queue]');
  if (!form) return;

  // The visit form takes the position at once (customer forms only when the rep asks, above).
  const position = form.querySelector('fieldset.position');
  if (position && !position.querySelector('button.use-position') && !form.lat.value)
    fillPosition(form, position);

  /** Fills the form's hidden lat/lng from the phone and tells the rep whether it worked, and why not. */
  function fillPosition(target, fieldset) {
    const status = fieldset.querySelector('.position-status');
    if (!('geolocation' in navigator)) {
      status.textContent = fieldset.dataset.unavailable;
      return;
    }
    status.textContent = fieldset.dataset.locating;
    navigator.geolocation.getCurrentPosition(
      (found) => {
        target.lat.value = found.coords.latitude.toFixed(6);
        target.lng.value = found.coords.longitude.toFixed(6);
        status.textContent = fieldset.dataset.found.replace(
          '{accuracy}',
          String(Math.round(found.coords.accuracy)),
        );
        fieldset.dataset.state = 'found';
      },
      (error) => {
        // Permission refused is worth saying as such: the rep can allow it and reload.
        status.textContent =
          error.code === 1 && fieldset.dataset.denied
            ? fieldset.dataset.denied
            : fieldset.dataset.unavailable;
        fieldset.dataset.state = 'unavailable';
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  }

  async function shrink(file) {
    if (!file || !file.type.startsWith('image/') || !('createImageBitmap' in window)) return null;
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_PHOTO_EDGE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.type === 'image/jpeg' && file.size < 600000) return null;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
    return blob && new File([blob], 'visit.jpg', { type: 'image/jpeg' });
  }

  let submitting = false;
  form.addEventListener('submit', async (event) => {
    if (submitting) return;
    event.preventDefault();
    submitting = true;
    const recordedAt = document.createElement('input');
    recordedAt.type = 'hidden';
    recordedAt.name = 'recordedAt';
    recordedAt.value = String(Date.now());
    form.appendChild(recordedAt);
    // Offline, the server cannot ask about possible duplicates before saving (see sw.js).
    if (!navigator.onLine && !form.querySelector('input[name="queuedOffline"]')) {
      const queued = document.createElement('input');
      queued.type = 'hidden';
      queued.name = 'queuedOffline';
      queued.value = '1';
      form.appendChild(queued);
    }
    try {
      const input = form.photo;
      const smaller = input && input.files && input.files[0] ? await shrink(input.files[0]) : null;
      if (smaller && 'DataTransfer' in window) {
        const transfer = new DataTransfer();
        transfer.items.add(smaller);
        input.files = transfer.files;
      }
    } catch {
      // Could not shrink: send the original; the server accepts up to 10 MB.
    }
    form.submit();
  });

  // A feedback link's Share button: shown only where the phone can share (Web Share).
  for (const button of document.querySelectorAll('button[data-share-url]')) {
    if (typeof navigator.share !== 'function') continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      navigator
        .share({
          title: button.dataset.shareTitle,
          text: button.dataset.shareText,
          url: button.dataset.shareUrl,
        })
        .catch(() => {});
    });
  }
})();
