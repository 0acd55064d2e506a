// Live region wall: listens on the wall's WebSocket and asks htmx to refresh the board (or the
// rep's task list) when something changed. Pages still refresh by polling without it, and the
// socket reconnects after a network loss with a growing delay.
(() => {
  'use strict';
  const anchor = document.querySelector('[data-live]');
  if (!anchor || !('WebSocket' in window)) return;
  const url = new URL(anchor.getAttribute('data-live'), location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let delay = 1000;
  let refreshTimer = null;
  const changed = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(
      () => document.body.dispatchEvent(new CustomEvent('wall-changed')),
      250,
    );
  };
  function connect() {
    const socket = new WebSocket(url);
    let keepAlive = null;
    socket.addEventListener('open', () => {
      delay = 1000;
      document.body.classList.add('live');
      keepAlive = setInterval(() => socket.readyState === 1 && socket.send('ping'), 30000);
      changed(); // catch up on anything missed while disconnected
    });
    socket.addEventListener('message', (event) => {
      if (event.data !== 'pong') changed();
    });
    socket.addEventListener('close', () => {
      clearInterval(keepAlive);
      document.body.classList.remove('live');
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();
