// Sends this page's anti-forgery token (from <meta name="csrf-token">) with every same-origin
// write the page's scripts make: fetch() calls and HTMX requests. The API refuses cookie-authorised
// writes without it (govhall.api.csrf). Loaded before any other script, so they all use it.
(() => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  const token = meta ? meta.content : "";
  const safe = new Set(["GET", "HEAD", "OPTIONS"]);
  const originalFetch = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const request = input instanceof Request ? input : null;
    const method = String(init.method || (request ? request.method : "GET")).toUpperCase();
    const url = new URL(request ? request.url : String(input), window.location.href);
    if (safe.has(method) || url.origin !== window.location.origin) return originalFetch(input, init);
    const headers = new Headers(init.headers || (request ? request.headers : undefined));
    headers.set("X-CSRF-Token", token);
    return originalFetch(input, { ...init, headers });
  };
  document.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRF-Token"] = token;
  });
})();
