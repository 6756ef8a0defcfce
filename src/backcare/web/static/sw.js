// backcare service worker: once a plan and its sessions have been opened, they work with no
// network (a session on the mat, in airplane mode). Pages are fetched from the network
// first and the cached copy is used only when the network fails; static files and exercise
// figures come from the cache first. Only the plan, session and figure pages are kept, and
// signing out empties the cache (app.js), so nothing personal stays behind on a shared
// device after sign-out.
"use strict";

var VERSION = "backcare-v1";
var STATIC = [
  "/static/app.css",
  "/static/app.js",
  "/static/player.js",
  "/static/vendor/htmx-2.0.4.min.js",
  "/static/favicon.svg",
  "/static/manifest.webmanifest",
  "/static/icons/icon-192.png"
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(VERSION).then(function (cache) { return cache.addAll(STATIC); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name !== VERSION; })
        .map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// What may be kept: the plans (a plan's page and its day sessions), figures, static files.
function keepable(url) {
  return /^\/plans\/[^/]+(\/days\/\d+\/session)?$/.test(url.pathname) ||
    url.pathname.indexOf("/figures/") === 0 || url.pathname.indexOf("/static/") === 0;
}

function fromCache(request) {
  var url = new URL(request.url);
  // Static files carry a ?v= for cache busting; any cached version beats no file offline.
  var options = url.pathname.indexOf("/static/") === 0 ? { ignoreSearch: true } : {};
  return caches.match(request, options);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !keepable(url)) return;
  var cacheFirst = url.pathname.indexOf("/figures/") === 0 || url.pathname.indexOf("/static/") === 0;
  function network() {
    return fetch(request).then(function (response) {
      if (response.ok && response.type === "basic" && !response.redirected) {
        var copy = response.clone();
        // The worker stays alive until the copy is stored, so "loaded" means "kept".
        event.waitUntil(caches.open(VERSION).then(function (cache) { return cache.put(request, copy); }));
      }
      return response;
    });
  }
  if (cacheFirst) {
    event.respondWith(fromCache(request).then(function (hit) { return hit || network(); }));
  } else {
    event.respondWith(network().catch(function () {
      return fromCache(request).then(function (hit) { return hit || Response.error(); });
    }));
  }
});

self.addEventListener("message", function (event) {
  if (event.data === "forget") {
    event.waitUntil(caches.delete(VERSION));
  }
});
