// Fieldwall on the rep's phone: registers the service worker, fills the check-in position,
// shrinks photos before upload, and shows the offline queue. Every page works without it.
(() => {
  'use strict';
  const DB_NAME = 'fieldwall-offline';
  const MAX_PHOTO_EDGE = 1280;

  // Only a signed-in rep's pages work offline; other pages just use the form helpers below.
  if ('serviceWorker' in navigator && document.body.dataset.offline === 'rep') {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
    const csrfField = document.querySelector('input[name="_csrf"]');
    const syncNow = () =>
      navigator.serviceWorker.ready.then((reg) => reg.active && reg.active.postMessage({ type: 'sync-now', csrf: csrfField ? csrfField.value : null }));
    window.addEventListener('online', syncNow);
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'queue-changed') showSyncStatus();
    });
    if (navigator.onLine) syncNow();
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

  async function showSyncStatus() {
    const status = document.getElementById('sync-status');
    if (!status || !('indexedDB' in window)) return;
    try {
      const db = await openQueue();
      const waiting = await read(db, 'visits', (s) => s.count());
      const lastSync = await read(db, 'meta', (s) => s.get('lastSync'));
      const saved = status.dataset.saved || (status.dataset.saved = status.textContent);
      const parts = [];
      if (!navigator.onLine) parts.push(status.dataset.offline);
      if (waiting > 0) {
        // The server wrote one template per plural form of the page's language.
        const form = new Intl.PluralRules(document.documentElement.lang).select(waiting);
        const template = status.dataset[`waiting${form[0].toUpperCase()}${form.slice(1)}`] ?? status.dataset.waitingOther;
        parts.push(template.replace('{n}', waiting.toLocaleString(document.documentElement.lang)));
      }
      else if (navigator.onLine) parts.push(saved);
      if (lastSync) parts.push(status.dataset.last.replace('{time}', new Date(lastSync).toLocaleString(document.documentElement.lang)));
      if (parts.length > 0) status.textContent = parts.join(' · ');
      status.dataset.waitingCount = String(waiting);
    } catch {
      // Private browsing without IndexedDB: the server's "saved" line stays.
    }
  }
  showSyncStatus();
  window.addEventListener('online', showSyncStatus);
  window.addEventListener('offline', showSyncStatus);

  const form = document.querySelector('form[data-offline-queue="visit"]');
  if (!form) return;

  const position = form.querySelector('fieldset.position');
  const positionStatus = position && position.querySelector('.position-status');
  if (position && 'geolocation' in navigator && !form.lat.value) {
    positionStatus.textContent = position.dataset.locating;
    navigator.geolocation.getCurrentPosition(
      (found) => {
        form.lat.value = found.coords.latitude.toFixed(6);
        form.lng.value = found.coords.longitude.toFixed(6);
        positionStatus.textContent = position.dataset.found.replace('{accuracy}', String(Math.round(found.coords.accuracy)));
      },
      () => {
        positionStatus.textContent = position.dataset.unavailable;
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
})();
