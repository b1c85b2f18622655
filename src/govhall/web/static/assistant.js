// The chat page: opens a conversation through /api/assistant, sends each message, shows the reply
// and its citations, and draws the form being filled (field titles from /api/catalog/items/{code}).
// Every reply gets 👍/👎 (with an optional reason), and while the conversation is handed to a person
// the page polls the log so that a clerk's answer appears in the chat.
document.addEventListener("DOMContentLoaded", () => {
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-text");
  const status = document.getElementById("chat-status");
  const fields = document.getElementById("form-fields");
  const schemas = {};
  let sessionId = sessionStorage.getItem("govhall-assistant");
  let seen = 0;  // turns of the log already on the page
  let polling = null;

  function say(role, text, citations, turn, by) {
    const li = document.createElement("li");
    li.className = "msg " + role;
    if (role === "staff") {
      const who = document.createElement("strong");
      who.textContent = "工作人员" + (by ? "（" + by + "）" : "") + "：";
      li.appendChild(who);
    }
    li.appendChild(document.createTextNode(text));
    for (const c of citations || []) {
      const p = document.createElement("p");
      p.className = "citation";
      p.textContent = c.path || c.title || "";
      li.appendChild(p);
    }
    if (role === "assistant" && Number.isInteger(turn)) li.appendChild(feedbackButtons(turn));
    log.appendChild(li);
    li.scrollIntoView({ block: "end" });
  }

  function feedbackButtons(turn) {
    const box = document.createElement("span");
    box.className = "feedback";
    for (const [rating, label, title] of [["up", "👍", "有帮助"], ["down", "👎", "没帮助"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link feedback-" + rating;
      button.textContent = label;
      button.title = title;
      button.addEventListener("click", () => rate(box, turn, rating));
      box.appendChild(button);
    }
    return box;
  }

  async function rate(box, turn, rating) {
    let reason = "";
    if (rating === "down") {
      const input = box.querySelector("input") || document.createElement("input");
      if (!input.isConnected) {
        input.maxLength = 200;
        input.placeholder = "哪里不满意？（可选，回车提交）";
        input.addEventListener("keydown", (event) => {
          if (event.key === "Enter") { event.preventDefault(); sendRating(box, turn, "down", input.value); }
        });
        box.appendChild(input);
        input.focus();
        return;
      }
      reason = input.value;
    }
    await sendRating(box, turn, rating, reason);
  }

  async function sendRating(box, turn, rating, reason) {
    const response = await fetch(`/api/assistant/sessions/${sessionId}/feedback`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ turn: turn, rating: rating, reason: reason || "" }),
    });
    box.textContent = response.ok ? "感谢您的评价" : "评价未能提交";
  }

  async function poll() {
    if (!sessionId) return;
    const response = await fetch(`/api/assistant/sessions/${sessionId}/messages?after=${seen}`);
    if (!response.ok) return;
    const body = await response.json();
    for (const t of body.items) if (t.role === "staff") say("staff", t.text, [], t.turn, t.by);
    seen = body.next;
    if (!body.handoff && polling) { clearInterval(polling); polling = null; }
  }

  async function open() {
    const response = await fetch("/api/assistant/sessions", { method: "POST" });
    const body = await response.json();
    sessionId = body.id;
    seen = 0;
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
    say("assistant", body.reply, body.citations, body.turn);
    if (Number.isInteger(body.turn)) seen = Math.max(seen, body.turn + 1);
    if (body.handoff && !polling) polling = setInterval(() => poll().catch(() => {}), 5000);
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
