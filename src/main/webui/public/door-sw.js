// The door scanner's offline shell (registered by /door/{id} pages only, scope /door/): a scanner that reloads or is
// reopened without network still starts, then checks codes with the bundle it keeps in localStorage.
// Navigations: network first, else the cached page. Built assets (/assets/*, content-hashed, immutable): cache first.
// The page tells the worker which assets it runs on; older ones are dropped. API calls are never cached.
const CACHE = 'bookit-door-v1';
const PAGE = '/door/';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache-shell') return;
  const assets = event.data.assets.filter((u) => new URL(u, location.origin).pathname.startsWith('/assets/'));
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const page = await fetch(event.data.page, { headers: { Accept: 'text/html' } });
    if (page.ok) await cache.put(PAGE, page);
    await cache.addAll(assets);
    const keep = new Set(assets.map((u) => new URL(u, location.origin).href));
    for (const request of await cache.keys()) {
      if (new URL(request.url).pathname.startsWith('/assets/') && !keep.has(request.url)) await cache.delete(request);
    }
    event.source?.postMessage({ type: 'shell-cached', assets: assets.length });
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(async () => (await caches.match(PAGE)) ?? Response.error()));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request).then(async (response) => {
      if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
      return response;
    })));
  }
});
