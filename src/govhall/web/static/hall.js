// Hall pages: the unread-message badge in the header, and a confirmation before 不予通过.
// A static file because the CSP forbids inline script.
(() => {
  const badge = document.getElementById("inbox-count");
  if (badge) {
    fetch("/api/notifications/unread", { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((body) => {
        if (!body) return;
        badge.textContent = body.unread > 0 ? String(body.unread) : "";
        badge.hidden = body.unread === 0;
        badge.setAttribute("aria-label", `${body.unread} 条未读消息`);
      })
      .catch(() => {});
  }
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
})();
