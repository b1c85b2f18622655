// Small behaviours any page may use, kept out of the HTML because the CSP forbids inline handlers:
// <select data-autosubmit> submits its form when changed.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
});
