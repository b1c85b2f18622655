// The knowledge-graph page: an ECharts force layout over /api/graph/data, with search, legend
// filters by node kind, and a detail panel (neighbours from /api/graph/neighbours).
document.addEventListener("DOMContentLoaded", async () => {
  const chart = echarts.init(document.getElementById("graph"));
  const detail = document.getElementById("graph-detail");
  const data = await (await fetch("/api/graph/data")).json();
  // Tooltips are HTML and node names come from editable data (catalogue, policies): escape them.
  const escape = (s) => String(s).replace(/[&<>"']/g, (c) => (
    { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  chart.setOption({
    tooltip: { formatter: (p) => escape(p.data.name ?? "") },
    legend: [{ data: data.categories.map((c) => c.name), top: 0 }],
    series: [{
      type: "graph", layout: "force", roam: true, draggable: true,
      label: { show: true, position: "right", fontSize: 10 },
      force: { repulsion: 120, edgeLength: 60 },
      categories: data.categories, data: data.nodes, links: data.links,
      emphasis: { focus: "adjacency" }, lineStyle: { opacity: 0.5, curveness: 0.1 },
    }],
  });
  window.govhallGraph = { chart, data };
  document.getElementById("graph").dataset.ready = String(data.nodes.length);

  async function show(node) {
    const params = new URLSearchParams({ kind: node.kind, key: node.key });
    const body = await (await fetch("/api/graph/neighbours?" + params)).json();
    const link = node.kind === "item" ? ` <a href="/items/${encodeURIComponent(node.key)}">查看办事指南</a>` : "";
    const rows = body.neighbours.map((n) =>
      `<li>${escape(n.relation_label)}：${escape(n.node.label)}（${escape(n.node.kind_label)}）</li>`).join("");
    detail.innerHTML = `<h2>${escape(node.name)}</h2><p>${escape(body.node.kind_label)}${link}</p><ul>${rows}</ul>`;
    detail.hidden = false;
  }
  chart.on("click", (p) => { if (p.dataType === "node") show(p.data); });

  function locate() {
    const text = document.getElementById("graph-search").value.trim();
    if (!text) return;
    const index = data.nodes.findIndex((n) => n.name.includes(text) || n.key.includes(text));
    if (index < 0) { detail.hidden = false; detail.textContent = "没有找到“" + text + "”"; return; }
    chart.dispatchAction({ type: "highlight", seriesIndex: 0, dataIndex: index });
    chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: index });
    show(data.nodes[index]);
  }
  document.getElementById("graph-search-form").addEventListener("submit", (e) => e.preventDefault());
  document.getElementById("graph-search-button").addEventListener("click", locate);
  document.getElementById("graph-search").addEventListener("keydown", (e) => { if (e.key === "Enter") locate(); });
});
