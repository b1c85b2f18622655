// The chat page: opens a conversation through /api/assistant, sends each message, shows the reply
// with numbered citation cards that open the article or guide, and draws the form being filled
// (field titles from /api/catalog/items/{code}).
// The conversation id is kept in localStorage, so a reload or a login (the login page brings the
// person back here with ?next=/assistant) shows the same conversation again: the transcript comes
// from the server, which returns it only to the conversation's owner (or the browser that opened
// it); the citation cards of each reply are kept beside the id, because the transcript holds text only.
// Every reply gets 👍/👎 (with an optional reason), and while the conversation is handed to a person
// the page polls the log so that a clerk's answer appears in the chat.
document.addEventListener("DOMContentLoaded", () => {
  const KEY = "govhall-assistant";
  const CITES = "govhall-assistant-citations";
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-text");
  const status = document.getElementById("chat-status");
  const fields = document.getElementById("form-fields");
  const suggestions = document.getElementById("chat-suggestions");
  const schemas = {};
  let sessionId = localStorage.getItem(KEY) || sessionStorage.getItem(KEY);
  let seen = 0;  // turns of the log already on the page
  let polling = null;

  function storedCitations() {
    try {
      const stored = JSON.parse(localStorage.getItem(CITES) || "{}");
      return stored.id === sessionId ? stored.turns || {} : {};
    } catch (e) {
      return {};
    }
  }

  function keepCitations(turn, citations) {
    if (!Number.isInteger(turn) || !citations || !citations.length) return;
    const turns = storedCitations();
    turns[turn] = citations;
    localStorage.setItem(CITES, JSON.stringify({ id: sessionId, turns: turns }));
  }

  function citationLink(c) {
    const code = c.item_code || c.code;
    if (c.kind === "guide" && code) return "/items/" + encodeURIComponent(code);
    const law = c.law || c.title || "";
    const article = c.article || c.section || "";
    if (law && /^第.+条/.test(article)) {
      return "/cite?" + new URLSearchParams({ law: law.replace(/[《》]/g, ""), article: article.match(/^第[^条]+条(之[一二三四五六七八九十]+)?/)[0] });
    }
    return "/policies?" + new URLSearchParams({ q: (law + " " + article).trim() });
  }

  function citationCards(citations) {
    const list = document.createElement("ol");
    list.className = "citations";
    list.setAttribute("aria-label", "答复依据");
    citations.forEach((c, index) => {
      const li = document.createElement("li");
      li.className = "citation";
      const a = document.createElement("a");
      a.href = citationLink(c);
      const number = document.createElement("span");
      number.className = "citation-number";
      number.textContent = "[" + (index + 1) + "]";
      const title = document.createElement("span");
      title.className = "citation-title";
      const law = c.kind === "guide" ? c.title : "《" + (c.law || c.title || "").replace(/[《》]/g, "") + "》";
      title.textContent = law + (c.kind === "guide" ? "" : " " + (c.article || c.section || ""));
      a.append(number, " ", title);
      li.appendChild(a);
      if (c.text) {
        const quote = document.createElement("span");
        quote.className = "citation-text";
        quote.textContent = String(c.text).slice(0, 80) + (String(c.text).length > 80 ? "…" : "");
        li.appendChild(quote);
      }
      list.appendChild(li);
    });
    return list;
  }

  function say(role, text, citations, turn, by, rated) {
    const li = document.createElement("li");
    li.className = "msg " + role;
    if (role === "staff") {
      const who = document.createElement("strong");
      who.textContent = "工作人员" + (by ? "（" + by + "）" : "") + "：";
      li.appendChild(who);
    }
    li.appendChild(document.createTextNode(text));
    if (citations && citations.length) li.appendChild(citationCards(citations));
    if (role === "assistant" && Number.isInteger(turn)) {
      if (rated) {
        const done = document.createElement("span");
        done.className = "feedback";
        done.textContent = "已评价";
        li.appendChild(done);
      } else {
        li.appendChild(feedbackButtons(turn));
      }
    }
    log.appendChild(li);
    li.scrollIntoView({ block: "end" });
    suggestions.hidden = log.querySelectorAll("li.msg.user").length > 0;
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
      button.setAttribute("aria-label", title);
      button.addEventListener("click", () => rate(box, turn, rating));
      box.appendChild(button);
    }
    return box;
  }

  async function rate(box, turn, rating) {
    let reason = "";
    if (rating === "down") {
      const field = box.querySelector("input") || document.createElement("input");
      if (!field.isConnected) {
        field.maxLength = 200;
        field.placeholder = "哪里不满意？（可选，回车提交）";
        field.setAttribute("aria-label", "不满意的原因");
        field.addEventListener("keydown", (event) => {
          if (event.key === "Enter") { event.preventDefault(); sendRating(box, turn, "down", field.value); }
        });
        box.appendChild(field);
        field.focus();
        return;
      }
      reason = field.value;
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

  function startPolling() {
    if (!polling) polling = setInterval(() => poll().catch(() => {}), 5000);
  }

  function greet() {
    say("assistant", "您好！我是政务服务智能助手。请问想办理或咨询什么事情？");
  }

  function forget() {
    sessionId = null;
    seen = 0;
    localStorage.removeItem(KEY);
    localStorage.removeItem(CITES);
    sessionStorage.removeItem(KEY);
  }

  async function restore() {
    // the transcript of the kept conversation; anyone but its owner gets 404 and a fresh start
    const response = await fetch(`/api/assistant/sessions/${sessionId}/messages?after=0`);
    if (!response.ok) { forget(); greet(); return; }
    const body = await response.json();
    const cited = storedCitations();
    greet();
    for (const t of body.items) {
      say(t.role === "staff" || t.role === "user" ? t.role : "assistant", t.text, cited[t.turn] || [], t.role === "assistant" ? t.turn : undefined, t.by, Boolean(t.feedback));
    }
    seen = body.next;
    if (body.handoff) startPolling();
    status.textContent = body.items.length ? "已恢复您之前的对话" : "";
  }

  async function open() {
    const response = await fetch("/api/assistant/sessions", { method: "POST" });
    const body = await response.json();
    sessionId = body.id;
    seen = 0;
    localStorage.setItem(KEY, sessionId);
    localStorage.removeItem(CITES);
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

  function resetForm() {
    fields.textContent = "";
    document.getElementById("form-empty").hidden = false;
    document.getElementById("form-title").textContent = "申请表";
    document.getElementById("form-case").textContent = "";
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
    keepCitations(body.turn, body.citations);
    say("assistant", body.reply, body.citations, body.turn);
    if (Number.isInteger(body.turn)) seen = Math.max(seen, body.turn + 1);
    if (body.handoff) startPolling();
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
  document.getElementById("chat-handoff").addEventListener("click", () => {
    send("转人工").catch(() => { status.textContent = "网络错误，请重试"; });
  });
  document.getElementById("chat-new").addEventListener("click", () => {
    if (polling) { clearInterval(polling); polling = null; }
    forget();
    log.textContent = "";
    resetForm();
    status.textContent = "已开始新对话";
    greet();
    input.focus();
  });
  for (const button of suggestions.querySelectorAll("button")) {
    button.addEventListener("click", () => send(button.textContent).catch(() => { status.textContent = "网络错误，请重试"; }));
  }
  if (sessionId) {
    localStorage.setItem(KEY, sessionId);  // a conversation started before ids were kept across tabs
    restore().catch(() => { forget(); greet(); });
  } else {
    greet();
  }
});
