// The statistics page's charts (ECharts), drawn from the <script type="application/json"> block the
// template fills (the CSP allows no inline script). Clicking a bar opens the cases behind it.
(() => {
  const node = document.getElementById("stats-data");
  const root = document.getElementById("stats-root");
  if (!node || !root || typeof echarts === "undefined") return;
  const data = JSON.parse(node.textContent);
  const query = root.dataset.query;
  const drill = (params) => {
    const search = new URLSearchParams(query);
    Object.entries(params).forEach(([k, v]) => { if (v) search.set(k, v); });
    window.location.href = `/admin/stats/cases?${search.toString()}`;
  };
  const unique = (values) => [...new Set(values)];
  const draw = (id, option, onClick) => {
    const element = document.getElementById(id);
    if (!element) return;
    const chart = echarts.init(element);
    chart.setOption({ tooltip: { trigger: "axis" }, grid: { left: 48, right: 16, bottom: 48, containLabel: true }, ...option });
    if (onClick) chart.on("click", onClick);
    window.addEventListener("resize", () => chart.resize());
    element.dataset.ready = "1";
  };

  const buckets = unique(data.applications.map((r) => r.bucket)).sort();
  const departments = unique(data.applications.map((r) => r.department)).sort();
  const count = {};
  data.applications.forEach((r) => { count[`${r.bucket}|${r.department}`] = r.count; });
  draw("chart-applications", {
    legend: { type: "scroll", bottom: 0 },
    xAxis: { type: "category", data: buckets },
    yAxis: { type: "value", name: "办件量" },
    series: departments.map((d) => ({
      name: d, type: "bar", stack: "all", data: buckets.map((b) => count[`${b}|${d}`] || 0),
    })),
  }, (p) => drill({ bucket: p.name, department: p.seriesName }));

  const items = data.items.slice(0, 15).reverse();
  draw("chart-items", {
    xAxis: { type: "value", name: "办件量" },
    yAxis: { type: "category", data: items.map((r) => r.item), axisLabel: { width: 110, overflow: "truncate" } },
    series: [{ type: "bar", name: "办件量", data: items.map((r) => r.count) }],
  }, (p) => drill({ item_code: items[p.dataIndex].item_code }));

  const processing = data.processing.slice(0, 15);
  draw("chart-processing", {
    legend: { bottom: 0 },
    xAxis: { type: "category", data: processing.map((r) => r.item), axisLabel: { rotate: 30, width: 80, overflow: "truncate" } },
    yAxis: [{ type: "value", name: "天" }, { type: "value", name: "按期率", max: 1 }],
    series: [
      { type: "bar", name: "平均用时（天）", data: processing.map((r) => r.avg_days) },
      { type: "bar", name: "承诺时限（工作日）", data: processing.map((r) => (r.promised_days >= 0 ? r.promised_days : null)) },
      { type: "line", name: "按期率", yAxisIndex: 1, data: processing.map((r) => r.on_time_rate) },
    ],
  }, (p) => drill({ item_code: processing[p.dataIndex].item_code }));

  draw("chart-deadlines", {
    legend: { bottom: 0 },
    xAxis: { type: "category", data: data.deadlines.map((r) => r.department), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", name: "件" },
    series: [
      { type: "bar", name: "已超期", stack: "d", data: data.deadlines.map((r) => r.overdue) },
      { type: "bar", name: "临近期限", stack: "d", data: data.deadlines.map((r) => r.near) },
    ],
  }, (p) => drill({ watch: p.seriesName === "已超期" ? "overdue" : "near", department: p.name }));

  draw("chart-ratings", {
    tooltip: { trigger: "item" },
    series: [{
      type: "pie", radius: ["35%", "65%"],
      data: Object.entries(data.ratings).map(([score, n]) => ({ name: `${score} 星`, value: n })),
    }],
  });

  draw("chart-rating_trend", {
    legend: { bottom: 0 },
    xAxis: { type: "category", data: data.rating_trend.map((r) => r.bucket) },
    yAxis: { type: "value", name: "条" },
    series: [
      { type: "line", name: "好评（4–5 星）", data: data.rating_trend.map((r) => r.good) },
      { type: "line", name: "差评（1–2 星）", data: data.rating_trend.map((r) => r.bad) },
    ],
  });

  draw("chart-handoffs", {
    legend: { bottom: 0 },
    xAxis: { type: "category", data: data.handoffs.map((r) => r.day) },
    yAxis: [{ type: "value", name: "会话" }, { type: "value", name: "转人工率", max: 1 }],
    series: [
      { type: "bar", name: "会话数", data: data.handoffs.map((r) => r.conversations) },
      { type: "line", name: "转人工率", yAxisIndex: 1, data: data.handoffs.map((r) => r.rate) },
    ],
  });
})();
