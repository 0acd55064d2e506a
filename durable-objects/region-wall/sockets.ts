/**
 * The wall's live updates: hibernatable WebSockets tagged by what they watch. Managers watch the
 * whole region, a rep only their city; the worker route chooses the tags after checking access.
 */

export const REGION_TAG = 'region';
export const cityTag = (cityId: string) => `city:${cityId}`;
/** Close codes that report an ending but may never be sent in a close frame (RFC 6455 §7.4.1). */
const RESERVED_CLOSE_CODES = new Set([1005, 1006, 1015]);

/** Accepts a socket upgrade with the tags the worker set. */
export function acceptSocket(ctx: DurableObjectState, request: Request): Response {
  if (request.headers.get('upgrade') !== 'websocket')
    return new Response('Expected a WebSocket upgrade', { status: 426 });
  const tags = (request.headers.get('x-wall-tags') ?? '').split(',').filter(Boolean);
  if (tags.length === 0) return new Response('No subscription', { status: 400 });
  const pair = new WebSocketPair();
  ctx.acceptWebSocket(pair[1], tags);
  return new Response(null, { status: 101, webSocket: pair[0] });
}

/**
 * Completes the closing handshake. 1005, 1006 and 1015 only describe how a socket ended (a
 * dropped phone is 1006) and may not be sent, so those are answered with a normal 1000; a
 * socket already gone cannot be closed again, which is not an error.
 */
export function answerClose(ws: WebSocket, code: number): void {
  try {
    ws.close(RESERVED_CLOSE_CODES.has(code) ? 1000 : code, 'bye');
  } catch {
    // Already closed on our side.
  }
}

/** Tells the city's watchers and the region's. */
export function broadcast(
  ctx: DurableObjectState,
  cityId: string,
  message: Record<string, unknown>,
): void {
  const text = JSON.stringify(message);
  for (const ws of [...ctx.getWebSockets(cityTag(cityId)), ...ctx.getWebSockets(REGION_TAG)]) {
    try {
      ws.send(text);
    } catch {
      // A socket closing as we send: the client reconnects and refetches.
    }
  }
}
