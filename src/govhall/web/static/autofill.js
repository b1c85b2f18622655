// Fill the application form from free text: POST /api/text/extract with the item code, then put
// each returned field value into its input. Nothing is submitted; the citizen checks and edits.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("autofill");
  if (!button) return;
  const status = document.getElementById("autofill-status");
  button.addEventListener("click", async () => {
    const text = document.getElementById("autofill-text").value.trim();
    if (!text) { status.textContent = "请先输入一段话"; return; }
    status.textContent = "正在识别…";
    try {
      const response = await fetch("/api/text/extract", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text, service: button.dataset.service }),
      });
      const body = await response.json();
      if (!response.ok) { status.textContent = body.error ? body.error.message : "识别失败"; return; }
      let filled = 0;
      for (const [name, fill] of Object.entries(body.fields || {})) {
        const input = document.getElementById("f-" + name);
        if (!input) continue;
        if (input.type === "checkbox") input.checked = Boolean(fill.value);
        else input.value = String(fill.value);
        input.classList.add("autofilled");
        filled += 1;
      }
      const conflicts = (body.conflicts || []).length;
      status.textContent = `已自动填写 ${filled} 项` + (conflicts ? `，${conflicts} 项有多个不同的值，请手动确认` : "") + "，请核对后提交。";
    } catch (error) {
      status.textContent = "识别失败，请手动填写";
    }
  });
});
