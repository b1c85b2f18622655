// The chat page: opens a conversation through /api/assistant, sends each message, shows the reply
// and its citations, and draws the form being filled (field titles from /api/catalog/items/{code}).
document.addEventListener("DOMContentLoaded", () => {
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-text");
  const status = document.getElementById("chat-status");
  const fields = document.getElementById("form-fields");
  const schemas = {};
  let sessionId = sessionStorage.getItem("govhall-assistant");

  function say(role, text, citations) {
    const li = document.createElement("li");
    li.className = "msg " + role;
    li.textContent = text;
    for (const c of citations || []) {
      const p = document.createElement("p");
      p.className = "citation";
      p.textContent = c.path || c.title || "";
      li.appendChild(p);
    }
    log.appendChild(li);
    li.scrollIntoView({ block: "end" });
  }

  async function open() {
    const response = await fetch("/api/assistant/sessions", { method: "POST" });
    const body = await response.json();
    sessionId = body.id;
    sessionStorage.setItem("govhall-assistant", sessionId);
  }

  async function schemaOf(code) {
    if (!schemas[code]) {
      const response = await fetch("/api/catalog/items/" + encodeURIComponent(code));
      schemas[code] = response.ok ? (await response.json()).form || {} : {};
    }
    return schemas[code];
  }

  async function drawForm(body) {
    fields.textContent = "";
    if (!body.service) return;
    document.getElementById("form-empty").hidden = true;
    document.getElementById("form-title").textContent = body.service.name;
    const schema = await schemaOf(body.service.code);
    const props = schema.properties || {};
    const required = schema.required || [];
    for (const [name, prop] of Object.entries(props)) {
      if (!(name in body.form) && !required.includes(name)) continue;
      const dt = document.createElement("dt");
      dt.textContent = prop.title || name;
      const dd = document.createElement("dd");
      const value = body.form[name];
      dd.textContent = value === undefined ? "待填写" : (typeof value === "boolean" ? (value ? "是" : "否") : String(value));
      dd.className = value === undefined ? "missing" : "filled";
      fields.append(dt, dd);
    }
    document.getElementById("form-case").textContent = body.case ? "办件编号：" + body.case.number : "";
  }

  async function send(text) {
    if (!text.trim()) { status.textContent = "请输入内容"; return; }
    if (!sessionId) await open();
    say("user", text);
    status.textContent = "助手正在回复…";
    let response = await fetch(`/api/assistant/sessions/${sessionId}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: text, message_id: String(Date.now()) }),
    });
    if (response.status === 404) {  // the conversation expired or belongs to another login
      await open();
      response = await fetch(`/api/assistant/sessions/${sessionId}/messages`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: text }),
      });
    }
    const body = await response.json();
    status.textContent = "";
    if (!response.ok) { say("error", body.error ? body.error.message : "发送失败，请重试"); return; }
    say("assistant", body.reply, body.citations);
    await drawForm(body);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    send(text).catch(() => { status.textContent = "网络错误，请重试"; });
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  document.getElementById("chat-handoff").addEventListener("click", () => send("转人工"));
  say("assistant", "您好！我是政务服务智能助手。请问想办理或咨询什么事情？");
});
