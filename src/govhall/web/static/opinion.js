// The analyst pages' charts (ECharts), drawn from the <script type="application/json"> blocks the
// templates fill; a file, not inline script, because the CSP allows no inline script. Tooltips are
// HTML, so every text from the data goes through escapeHtml first.
(() => {
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => (
    { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const dataOf = (id) => {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  };

  // Every chart click lands on the post search with the clicked slice as its filters.
  const postsUrl = (filters) => "/opinion/posts?" + new URLSearchParams(
    Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== "")).toString();

  function trend(element, rows, effective, extra) {
    const chart = echarts.init(element);
    const bars = { name: "帖子数", type: "bar", data: rows.map((r) => r.count) };
    if (effective) bars.markLine = { data: [{ xAxis: effective }], label: { formatter: "生效" } };
    chart.setOption({
      animation: false,  // bars stand where data-bars says as soon as data-ready is set
      tooltip: { trigger: "axis" },
      legend: { data: ["帖子数", "负面占比"] },
      xAxis: { type: "category", data: rows.map((r) => r.bucket.slice(0, 10)) },
      yAxis: [{ type: "value", name: "帖子数" }, { type: "value", name: "负面占比", max: 1 }],
      series: [bars, { name: "负面占比", type: "line", yAxisIndex: 1, data: rows.map((r) => r.negative_share) }],
    });
    chart.on("click", (p) => {
      const day = rows[p.dataIndex].bucket.slice(0, 10);
      window.location.href = postsUrl({ ...extra, since: day, until: day });
    });
    // the top of each bar in pixels of the chart, for the browser tests (a canvas has no elements to click)
    element.dataset.bars = JSON.stringify(rows.map((r, i) => chart.convertToPixel({ seriesIndex: 0 }, [i, r.count])));
    element.dataset.ready = String(rows.length);
  }

  function topicMap(element, topics) {
    const biggest = Math.max(...topics.map((t) => t.posts), 1);
    const chart = echarts.init(element);
    chart.setOption({
      tooltip: {
        formatter: (p) => `${escapeHtml(p.data.label)}<br>帖子 ${escapeHtml(p.data.value[0])}，`
          + `负面 ${Math.round(p.data.value[1] * 100)}%<br>${escapeHtml(p.data.keywords)}`,
      },
      xAxis: { type: "value", name: "帖子数" },
      yAxis: { type: "value", name: "负面占比", min: 0, max: 1 },
      series: [{
        type: "scatter",
        symbolSize: (value) => 12 + 48 * Math.sqrt(value[0] / biggest),
        label: { show: true, formatter: (p) => p.data.label, position: "top" },  // drawn on canvas, not HTML
        data: topics.map((t) => ({
          value: [t.posts, t.negative_share], label: t.label, id: t.id, keywords: t.keywords.slice(0, 6).join("、"),
        })),
      }],
    });
    const filters = Object.fromEntries(new URLSearchParams(element.dataset.filters || ""));
    chart.on("click", (p) => { window.location.href = postsUrl({ ...filters, topic_id: p.data.id }); });
    element.dataset.ready = String(topics.length);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const series = dataOf("opinion-series");
    const trendElement = document.getElementById("opinion-trend");
    if (series) trend(trendElement, series, null, { source: trendElement.dataset.source });
    const topics = dataOf("opinion-topics-data");
    if (topics) topicMap(document.getElementById("opinion-topic-map"), topics);
    const impact = dataOf("impact-data");
    const impactElement = document.getElementById("impact-chart");
    if (impact) trend(impactElement, impact.daily, impact.effective, { q: impactElement.dataset.query });
    const reload = document.querySelector("[data-reload-after]");
    if (reload) setTimeout(() => window.location.reload(), Number(reload.dataset.reloadAfter) * 1000);
  });
})();
