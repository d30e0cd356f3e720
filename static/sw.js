// The offline copy of a hosted IGMP Workbench (issue #15). On install it keeps the page and
// every file the page names (the hashed glue, wasm and styles). Afterwards each request goes to
// the network first, so a new build shows at once, and to the kept copy when there is no
// network; each page loaded from the network drops the kept files its build no longer names.
// Only GET requests to this origin are handled: the app fetches nothing else.
const CACHE = 'igmp-workbench';

// The files a page of the app names: trunk's hashed glue, wasm and styles, and the static ones.
function named(html) {
  const names = [...html.matchAll(/[="'(]\.?\/?((?:static\/)?[\w.-]+\.(?:js|wasm|css|svg|webmanifest))/g)].map((m) => m[1]);
  return [...new Set(names)];
}

// Keeps only the page and what it names.
async function prune(cache, names) {
  const keep = new Set(['./', ...names].map((n) => new URL(n, self.registration.scope).href));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url.split('?')[0])) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const page = await fetch('./', { cache: 'no-cache' });
    const names = named(await page.clone().text());
    await cache.put('./', page);
    await cache.addAll(names);
    await prune(cache, names);
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
      if (response.ok) {
        const navigation = request.mode === 'navigate';
        await cache.put(navigation ? './' : request, response.clone());
        if (navigation) event.waitUntil(response.clone().text().then((html) => prune(cache, named(html))));
      }
      return response;
    } catch (offline) {
      const kept = (await cache.match(request, { ignoreSearch: true }))
        ?? (request.mode === 'navigate' ? await cache.match('./') : undefined);
      if (kept) return kept;
      throw offline;
    }
  })());
});
