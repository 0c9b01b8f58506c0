// The Streaming page: polls /streaming/data.json every second and redraws the header, warnings, charts and tables
// in place (Spark reloads the whole page every 5 s; this keeps scroll position and focus).
(function () {
  "use strict";
  const POLL_MS = 1000;
  const TABLE_ROWS = 100;
  const metrics = [
    { id: "input-rate", unit: "records/s", value: (b, d) => b.inputSize / (d.batchIntervalMs / 1000) },
    { id: "scheduling-delay", unit: "ms", value: b => b.schedulingDelay },
    { id: "processing-time", unit: "ms", value: b => b.processingTime, line: d => d.batchIntervalMs, lineLabel: "Batch interval" },
    { id: "total-delay", unit: "ms", value: b => b.totalDelay },
  ];
  const palette = ["#c2410c", "#1d4ed8", "#15803d", "#7c3aed", "#b45309", "#0e7490"];
  const charts = {};

  const el = id => document.getElementById(id);
  const pad = n => String(n).padStart(2, "0");
  // Milliseconds only for times off the whole second, as batches of less than a second have.
  const clock = ms => {
    const t = new Date(ms);
    const millis = ms % 1000 ? `.${String(ms % 1000).padStart(3, "0")}` : "";
    return `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}${millis}`;
  };
  const batchTime = ms => { const t = new Date(ms); return `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())} ${clock(ms)}`; };
  const duration = ms => {
    if (ms === undefined || ms === null) return "-";
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 60000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, "")} s`;
    if (ms < 3600000) return `${Math.floor(ms / 60000)} min ${Math.floor(ms / 1000) % 60} s`;
    return `${Math.floor(ms / 3600000)} h ${Math.floor(ms / 60000) % 60} min`;
  };
  const number = (n, digits) => n === undefined || n === null ? "-" : n.toLocaleString("en-US", { maximumFractionDigits: digits ?? 0 });
  const bytes = n => n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
  const average = values => values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

  function cell(text, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    if (text instanceof Node) td.appendChild(text); else td.textContent = text;
    return td;
  }

  // Rows whose content did not change stay the very same elements, untouched: a refresh every second must not swap
  // a link out from under a pointer that is clicking it. New rows are inserted, changed and vanished ones removed.
  function fill(tableId, rows, hideWhenEmpty) {
    const tbody = el(tableId).tBodies[0];
    const kept = new Map([...tbody.rows].map(tr => [tr.innerHTML, tr]));
    const wanted = rows.map(cells => {
      const tr = document.createElement("tr");
      tr.append(...cells);
      const same = kept.get(tr.innerHTML);
      kept.delete(tr.innerHTML);
      return same ?? tr;
    });
    kept.forEach(tr => tr.remove());
    wanted.forEach((tr, i) => { if (tbody.rows[i] !== tr) tbody.insertBefore(tr, tbody.rows[i] ?? null); });
    if (hideWhenEmpty) el(`${tableId}-section`).hidden = rows.length === 0;
  }

  function batchLink(batch) {
    const a = document.createElement("a");
    a.href = `/streaming/batch/${batch.batchId}`;
    a.textContent = batchTime(batch.batchId);
    a.setAttribute("aria-label", `Details of batch at ${batchTime(batch.batchId)}`);
    return a;
  }

  function histogram(values) {
    if (!values.length) return { labels: [], counts: [] };
    const min = Math.min(...values), max = Math.max(...values);
    const bins = Math.min(10, Math.max(1, values.length));
    const width = (max - min) / bins || 1;
    const counts = new Array(bins).fill(0);
    values.forEach(v => counts[Math.min(bins - 1, Math.floor((v - min) / width))]++);
    return { labels: counts.map((_, i) => number(min + width * i, 1)), counts };
  }

  function chart(id, type, yTitle) {
    if (!charts[id]) {
      charts[id] = new Chart(el(id), {
        type,
        data: { labels: [], datasets: [] },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          plugins: { legend: { display: type === "line", labels: { boxWidth: 12 } } },
          scales: { y: { beginAtZero: true, title: { display: true, text: yTitle } }, x: { ticks: { maxTicksLimit: 8 } } },
        },
      });
    }
    return charts[id];
  }

  function drawMetric(metric, data) {
    const batches = data.completed;
    const values = batches.map(b => metric.value(b, data)).filter(v => v !== undefined && v !== null);
    const avg = average(values);
    el(`${metric.id}-avg`).textContent = `Avg: ${avg === null ? "-" : metric.unit === "ms" ? duration(avg) : `${number(avg, 2)} ${metric.unit}`}`;

    const timeline = chart(`chart-${metric.id}-timeline`, "line", metric.unit);
    timeline.data.labels = batches.map(b => clock(b.batchId));
    const datasets = metric.id === "input-rate" && data.sources.length > 1
      ? data.sources.map((s, i) => ({ label: s.name, data: s.rates, borderColor: palette[i % palette.length], borderWidth: 1.5 }))
      : [{ label: metric.id === "input-rate" ? "All streams" : "Per batch", data: batches.map(b => metric.value(b, data) ?? null), borderColor: palette[0], borderWidth: 1.5 }];
    if (metric.line) {
      datasets.push({ label: metric.lineLabel, data: batches.map(() => metric.line(data)), borderColor: "#64748b", borderDash: [6, 4], borderWidth: 1 });
    }
    // Points only while they are few: a lone first batch is then visible, a long series stays a clean line.
    datasets.forEach(set => { set.pointRadius = batches.length < 30 ? 2 : 0; });
    timeline.data.datasets = datasets;
    timeline.update();
    timeline.canvas.setAttribute("aria-label",
      `${metric.id.replace("-", " ")} per batch (${metric.unit}) over the last ${batches.length} batches; average ${avg === null ? "none" : number(avg, 2)}${metric.line ? `; batch interval ${metric.line(data)} ms` : ""}`);

    const hist = histogram(values);
    const bars = chart(`chart-${metric.id}-histogram`, "bar", "batches");
    bars.data.labels = hist.labels;
    bars.data.datasets = [{ label: "Batches", data: hist.counts, backgroundColor: "#fdba74" }];
    bars.update();
    bars.canvas.setAttribute("aria-label", `Histogram of ${metric.id.replace("-", " ")} (${metric.unit}) over ${values.length} batches`);
  }

  function render(data) {
    const batches = data.completed;
    const running = data.startTime ? duration(Math.max(0, data.now - data.startTime)) : "-";
    el("header").textContent = data.startTime
      ? `Running batches of ${duration(data.batchIntervalMs)} for ${running} since ${batchTime(data.startTime)} (${number(data.totalCompleted)} completed batches, ${number(data.totalRecords)} records)`
      : "Waiting for the job to start...";

    const warnings = el("warnings");
    warnings.replaceChildren(...data.warnings.map(w => { const p = document.createElement("p"); p.textContent = `Warning: ${w}`; return p; }));
    warnings.hidden = data.warnings.length === 0;

    metrics.forEach(m => drawMetric(m, data));

    fill("sources", data.sources.map(s => [
      cell(s.name), cell(s.status, `status-${s.status.toLowerCase()}`), cell(s.location ?? "-"), cell(number(s.avgRate, 2)),
      cell(s.lastError ? `${s.lastError} (${s.lastErrorTime})` : "-", s.lastError ? "error" : ""),
    ]));
    fill("partitions", data.partitions.map(p => [
      cell(String(p.streamId)), cell(p.partition), cell(number(p.fromOffset)), cell(number(p.untilOffset)), cell(number(p.latestOffset)), cell(number(p.lag)),
    ]), true);
    fill("state", data.state.map(s => [
      cell(s.id), cell(s.signature), cell(number(s.keys)), cell(bytes(s.bytes)), cell(batchTime(s.checkpointBatchTime)), cell(s.checkpointWrittenAt),
    ]), true);
    fill("active-batches", data.active.slice().reverse().map(b => [
      cell(batchLink(b)), cell(number(b.inputSize)), cell(duration(b.schedulingDelay)), cell(duration(b.processingTime)),
      cell(`${b.numCompletedOutputOps - b.numFailedOutputOps}/${b.numTotalOutputOps}`), cell(b.status.toLowerCase()),
    ]));
    fill("completed-batches", batches.slice(-TABLE_ROWS).reverse().map(b => [
      cell(batchLink(b)), cell(number(b.inputSize)), cell(duration(b.schedulingDelay)), cell(duration(b.processingTime)), cell(duration(b.totalDelay)),
      cell(`${b.numCompletedOutputOps - b.numFailedOutputOps}/${b.numTotalOutputOps}`, b.numFailedOutputOps ? "status-failed" : ""),
    ]));
  }

  async function poll() {
    try {
      const response = await fetch("/streaming/data.json", { cache: "no-store" });
      if (response.ok) render(await response.json());
    } catch (error) {
      el("header").textContent = `The job is not answering (${error.message}); it may have stopped.`;
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  poll();
})();
