{% load static %}/* The door page's service worker (events/admin_views.py event_door_worker): it keeps the page and its files so
   that a reload without a connection still shows the page; the check-ins waiting and the event's list come back from
   the tab's own storage (static/js/door.js). Online, everything comes from the network as usual. */
"use strict";

const CACHE = "door-{{ event.pk }}";
const KEPT = [
    "{% url 'event_door' event.pk %}",
    "{% static 'css/door.css' %}",
    "{% static 'js/door.js' %}",
    "{% static 'vendor/zxing-wasm/zxing-reader.js' %}",
    "{% static 'vendor/zxing-wasm/zxing_reader.wasm' %}",
];

self.addEventListener("install", (installing) => {
    installing.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(KEPT)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (activating) => activating.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (fetching) => {
    const request = fetching.request;
    if (request.method !== "GET" || !KEPT.includes(new URL(request.url).pathname)) {
        return;  // the JSON endpoints are the page's business: it knows what to do without them
    }
    fetching.respondWith(fetch(request)
        .then((response) => {
            if (response.ok) {
                const copy = response.clone();
                caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
        })
        .catch(() => caches.open(CACHE).then((cache) => cache.match(request, {ignoreSearch: true}))));
});
