// The offline copy of a hosted IGMP Workbench (issue #15). On install it keeps the page and
// every file the page names (the hashed glue, wasm and styles); afterwards each request goes to
// the network first, so a new build shows at once, and to the kept copy when there is no
// network. Only GET requests to this origin are handled: the app fetches nothing else.
const CACHE = 'igmp-workbench';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const page = await fetch('./', { cache: 'no-cache' });
    const text = await page.clone().text();
    await cache.put('./', page);
    const names = [...text.matchAll(/[="'(]\.?\/?((?:static\/)?[\w.-]+\.(?:js|wasm|css|svg|webmanifest))/g)].map((m) => m[1]);
    await cache.addAll([...new Set(names)]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(request, response.clone());
      return response;
    } catch (offline) {
      const kept = (await cache.match(request, { ignoreSearch: true }))
        ?? (request.mode === 'navigate' ? await cache.match('./') : undefined);
      if (kept) return kept;
      throw offline;
    }
  })());
});
