// Header behaviours on every page (a static file: the CSP forbids inline script).
// Loaded in <head> without defer so the "js" class is set before the first paint: the phone menu
// collapses only when this script can open it again. 大字/关怀 mode is kept per browser in
// localStorage and in a cookie, so the server draws the next page large without a flash.
(() => {
  const root = document.documentElement;
  const CARE_KEY = "govhall-care";
  root.classList.add("js");

  function setCare(on) {
    root.classList.toggle("care", on);
    try { localStorage.setItem(CARE_KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
    document.cookie = "govhall_care=" + (on ? "1" : "0") + "; path=/; max-age=31536000; samesite=lax";
    const button = document.getElementById("care-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "标准字号" : "大字";
    }
  }

  let stored = null;
  try { stored = localStorage.getItem(CARE_KEY); } catch (e) { stored = null; }
  if (stored === "1" && !root.classList.contains("care")) root.classList.add("care");

  document.addEventListener("DOMContentLoaded", () => {
    setCare(root.classList.contains("care"));
    document.getElementById("care-toggle")?.addEventListener("click", () => setCare(!root.classList.contains("care")));
    const header = document.getElementById("top");
    const menu = document.getElementById("menu-toggle");
    menu?.addEventListener("click", () => {
      const open = header.classList.toggle("open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
    });
    // after a failed submit, focus goes to the list of problems so screen readers read it first
    const summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
})();
