// Back office behaviours (kept out of the HTML: the CSP forbids inline scripts and handlers).
// The form editor: add a field row, move rows up and down (their order numbers follow), clear a
// row. Without scripts the page still works: an empty row is always there and order numbers sort.
document.addEventListener("DOMContentLoaded", () => {
  const rows = document.getElementById("field-rows");
  const template = document.getElementById("field-row-template");
  const renumber = () => {
    if (!rows) return;
    rows.querySelectorAll(".field-row").forEach((row, i) => {
      row.querySelector(".order").value = String(i + 1);
      row.querySelector(".row-number").textContent = String(i + 1);
    });
  };
  const addButton = document.getElementById("add-field");
  if (rows && template && addButton) {
    addButton.addEventListener("click", () => {
      const row = template.content.firstElementChild.cloneNode(true);
      rows.appendChild(row);
      renumber();
      row.querySelector(".f-name").focus();
    });
    rows.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      const row = button.closest(".field-row");
      if (button.classList.contains("move-up") && row.previousElementSibling) {
        rows.insertBefore(row, row.previousElementSibling);
      } else if (button.classList.contains("move-down") && row.nextElementSibling) {
        rows.insertBefore(row.nextElementSibling, row);
      } else if (button.classList.contains("remove-row")) {
        row.querySelectorAll("input[type=text], input:not([type]), input.f-max").forEach((input) => { input.value = ""; });
        row.querySelector("input[name=field_extra]").value = "{}";
      }
      renumber();
    });
  }
  const addBasis = document.getElementById("add-basis");
  if (addBasis) {
    addBasis.addEventListener("click", () => {
      const law = document.getElementById("law-pick").value.trim();
      const article = document.getElementById("article-pick").value.trim();
      const box = document.getElementById("e-legal_basis");
      if (!law || !article || !box) return;
      box.value = (box.value.trim() ? box.value.trim() + "\n" : "") + `${law} | ${article}`;
      document.getElementById("article-pick").value = "";
    });
  }
  const print = document.querySelector("[data-print]");
  if (print) print.addEventListener("click", () => window.print());
});
