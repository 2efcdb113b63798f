// The Steering Committee's dashboard: reads /api/dashboard/** from the gateway it was served by, with the
// token or API key the reader signs in with, and polls the overview with If-None-Match (304 = nothing changed).
"use strict";
(() => {
  const STORE = "dxtrack.dashboard.credential";
  const POLL_MS = 30000;
  const SVG = "http://www.w3.org/2000/svg";
  const STATUS = { OnTrack: "Đúng tiến độ", AtRisk: "Có nguy cơ chậm", OffTrack: "Chậm tiến độ", NoData: "Chưa có số liệu" };
  const TASK = { NotReported: "Chưa có báo cáo", NotStarted: "Chưa triển khai", InProgress: "Đang triển khai", Completed: "Hoàn thành", Blocked: "Vướng mắc" };
  const KIND = { Committee: "Ban Chỉ đạo", Department: "Sở, ban, ngành", Sector: "Cơ quan ngành dọc", District: "Cấp huyện", Commune: "Cấp xã" };
  const OBLIGATION = { Open: "Chưa nộp", Fulfilled: "Đã nộp", Cancelled: "Đã hủy" };
  const SUBJECT = { Indicator: "Chỉ tiêu", Task: "Nhiệm vụ", Consultation: "Góp ý dự thảo" };
  const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat("vi-VN", { style: "percent", maximumFractionDigits: 1 });
  const $ = (id) => document.getElementById(id);

  let etag = null;
  let timer = null;

  // ---- small DOM helpers (text only through textContent: nothing from the API is parsed as HTML) ----
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }
  const fmt = (v) => (v === null || v === undefined ? "—" : number.format(v));
  const pct = (v) => (v === null || v === undefined ? "—" : percent.format(v));
  const date = (d) => (d ? d.split("-").reverse().join("/") : "—");
  const instant = (i) => (i ? new Date(i).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "short", timeStyle: "short" }) : "—");
  const unit = (m) => (m === "Ratio" || m === "Percent" ? "%" : "");
  const valueText = (m, v) => (m === "Milestone" ? (v === null ? "—" : v >= 1 ? "Đã hoàn thành" : "Chưa hoàn thành") : v === null ? "—" : fmt(v) + unit(m));
  const badge = (s) => el("span", { class: "badge " + s, "data-status": s }, STATUS[s] || s);

  // ---- credentials and requests ----
  const credential = () => sessionStorage.getItem(STORE);
  const isToken = (c) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(c);
  function authHeaders() {
    const c = credential();
    return isToken(c) ? { Authorization: "Bearer " + c } : { "X-Api-Key": c };
  }
  async function request(path, extra) {
    const response = await fetch(path, { headers: { ...authHeaders(), ...(extra || {}) }, cache: "no-store" });
    if (response.status === 401) {
      signOut("Mã truy cập không hợp lệ hoặc đã hết hạn.");
      throw new Error("not authenticated");
    }
    return response;
  }
  async function problem(response) {
    try { const p = await response.json(); return p.detail || p.title || response.statusText; } catch { return response.statusText; }
  }

  function signOut(message) {
    sessionStorage.removeItem(STORE);
    clearTimeout(timer);
    etag = null;
    $("app").hidden = true;
    $("sign-out").hidden = true;
    $("sign-in").hidden = false;
    $("sign-in-error").textContent = message || "";
  }
  function signIn(value) {
    sessionStorage.setItem(STORE, value.trim());
    $("sign-in").hidden = true;
    $("sign-out").hidden = false;
    $("app").hidden = false;
    refresh();
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const response = await request("/api/dashboard/overview", etag ? { "If-None-Match": etag } : {});
      if (response.status === 403) { signOut("Mã này không được phép xem bảng điều hành."); return; }
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        render(await response.json());
      }
      $("status-line").textContent = response.status === 200 || response.status === 304
        ? "Cập nhật lúc " + new Date().toLocaleTimeString("vi-VN")
        : "Không tải được số liệu: " + (await problem(response));
    } catch (e) {
      if (!credential()) return;
      $("status-line").textContent = "Mất kết nối, sẽ thử lại.";
    }
    if (credential()) timer = setTimeout(refresh, POLL_MS);
  }

  // ---- charts ----
  // Value against the target (bar) with a tick where the straight line says the indicator should be today.
  function progressBar(i) {
    const s = svg("svg", { class: "progress", viewBox: "0 0 100 16", preserveAspectRatio: "none", role: "img",
      "aria-label": `Đạt ${pct(i.progress)} mục tiêu` });
    s.append(svg("rect", { x: 0, y: 3, width: 100, height: 10, rx: 2, fill: "#e6ebf0" }));
    const colour = { OnTrack: "#1e7d32", AtRisk: "#c77700", OffTrack: "#c62828", NoData: "#8a96a3" }[i.status];
    s.append(svg("rect", { class: "progress-value", x: 0, y: 3, width: Math.max(0, Math.min(1, i.progress || 0)) * 100, height: 10, rx: 2, fill: colour }));
    if (i.targetValue) {
      const expected = i.direction === "Increase" ? i.expectedToday / i.targetValue : 1;
      const x = Math.max(0, Math.min(1, expected)) * 100;
      s.append(svg("rect", { class: "progress-expected", x: Math.min(x, 99.2) , y: 0, width: 0.8, height: 16, fill: "#1d2733" }));
    }
    return s;
  }

  // Province value per period (solid) and the expected value on the line to the target (dashed).
  function trendLine(i) {
    const w = 200, h = 64, pad = 6, bottom = 14;
    const points = i.trend || [];
    const s = svg("svg", { class: "trend", viewBox: `0 0 ${w} ${h}`, role: "img", "data-points": points.length,
      "aria-label": "Xu hướng theo kỳ: " + points.map((p) => `${p.period} ${p.value === null ? "chưa có" : fmt(p.value)}`).join(", ") });
    const all = points.flatMap((p) => [p.value, p.expected]).concat([i.targetValue]).filter((v) => v !== null);
    const max = Math.max(1, ...all), min = Math.min(0, ...all);
    const x = (k) => (points.length <= 1 ? w / 2 : pad + (k * (w - 2 * pad)) / (points.length - 1));
    const y = (v) => h - bottom - ((v - min) / (max - min || 1)) * (h - bottom - pad);
    s.append(svg("line", { x1: 0, x2: w, y1: h - bottom, y2: h - bottom, stroke: "#d9e0e7" }));
    if (points.length) {
      s.append(svg("polyline", { class: "trend-expected", fill: "none", stroke: "#5b6877", "stroke-dasharray": "4 3", "stroke-width": 1.2,
        points: points.map((p, k) => `${x(k)},${y(p.expected)}`).join(" ") }));
      const known = points.map((p, k) => [p, k]).filter(([p]) => p.value !== null);
      if (known.length > 1)
        s.append(svg("polyline", { class: "trend-value", fill: "none", stroke: "#1f5fa8", "stroke-width": 2,
          points: known.map(([p, k]) => `${x(k)},${y(p.value)}`).join(" ") }));
      for (const [p, k] of known) s.append(svg("circle", { class: "trend-point", cx: x(k), cy: y(p.value), r: 2.6, fill: "#1f5fa8" }));
      const first = svg("text", { x: 2, y: h - 2, "font-size": 9, fill: "#5b6877" }); first.textContent = points[0].period;
      const last = svg("text", { x: w - 2, y: h - 2, "font-size": 9, fill: "#5b6877", "text-anchor": "end" }); last.textContent = points[points.length - 1].period;
      s.append(first);
      if (points.length > 1) s.append(last);
    }
    return s;
  }

  // ---- the overview ----
  function render(o) {
    $("meta").textContent = `Số liệu đến ngày ${date(o.today)} · ngưỡng đúng tiến độ ${pct(o.thresholds.onTrackFrom)}, có nguy cơ chậm ${pct(o.thresholds.atRiskFrom)} tiến độ kế hoạch`;
    const all = o.pillars.flatMap((p) => p.indicators);
    const count = (s) => all.filter((i) => i.status === s).length;
    $("cards").replaceChildren(
      card(pct(o.reporting.share), "Đơn vị đã báo cáo đầy đủ", `${o.reporting.agenciesUpToDate}/${o.reporting.agenciesOwing} đơn vị có báo cáo đến hạn`),
      card(`${count("OnTrack")}/${all.length}`, "Chỉ tiêu đúng tiến độ", `${count("AtRisk")} có nguy cơ chậm · ${count("OffTrack")} chậm · ${count("NoData")} chưa có số liệu`),
      card(String(o.tasks.total), "Nhiệm vụ", o.tasks.byStatus.filter((b) => b.count).map((b) => `${TASK[b.status] || b.status}: ${b.count}`).join(" · ")),
      card(String(o.tasks.overdue.length), "Nhiệm vụ quá hạn", "chưa hoàn thành khi đã quá hạn"));

    $("pillars").replaceChildren(...o.pillars.map((p) => el("section", { class: "panel pillar", "data-testid": "pillar", "data-pillar": p.code },
      el("div", { class: "pillar-head" },
        el("h2", {}, p.name),
        el("div", { class: "counts" }, badge("OnTrack"), String(p.onTrack), badge("AtRisk"), String(p.atRisk), badge("OffTrack"), String(p.offTrack),
          badge("NoData"), String(p.noData))),
      p.indicators.length ? p.indicators.map(indicatorRow) : el("p", { class: "meta" }, "Chưa có chỉ tiêu trong kế hoạch đã phê duyệt."),
      p.indicators.length ? el("p", { class: "legend" }, el("span", {}, el("i"), "Giá trị toàn tỉnh"), el("span", {}, el("i", { class: "expected" }), "Giá trị kỳ vọng theo lộ trình"),
        el("span", {}, "▮ vạch đen: mức kỳ vọng hôm nay")) : null)));

    $("tasks").replaceChildren(el("h2", {}, "Nhiệm vụ"),
      el("div", { class: "chips" }, o.tasks.byStatus.map((b) => el("span", { class: "chip" }, `${TASK[b.status] || b.status}: `, el("b", {}, String(b.count))))),
      el("h3", {}, `Nhiệm vụ quá hạn (${o.tasks.overdue.length})`),
      o.tasks.overdue.length ? el("div", { class: "scroll" }, el("table", { "data-testid": "overdue-tasks" },
        el("thead", {}, el("tr", {}, el("th", {}, "Mã"), el("th", {}, "Nhiệm vụ"), el("th", {}, "Chủ trì"), el("th", {}, "Hạn"), el("th", { class: "num" }, "Quá hạn (ngày)"), el("th", {}, "Trạng thái"))),
        el("tbody", {}, o.tasks.overdue.map((t) => el("tr", {}, el("td", {}, t.code), el("td", {}, t.title, t.urgent ? el("span", { class: "meta" }, " (cấp thiết)") : null),
          el("td", {}, t.ownerName), el("td", {}, date(t.dueDate)), el("td", { class: "num" }, String(t.daysOverdue)), el("td", {}, TASK[t.status] || t.status))))))
        : el("p", { class: "meta" }, "Không có nhiệm vụ quá hạn."));

    $("compliance").replaceChildren(el("h2", {}, "Mức độ tuân thủ báo cáo của các đơn vị"),
      el("p", { class: "meta" }, "Xếp hạng theo tỷ lệ đầy đủ (đã nộp ÷ đến hạn), rồi tỷ lệ đúng hạn. Chọn một đơn vị để xem chi tiết."),
      el("div", { class: "scroll" }, el("table", { "data-testid": "compliance" },
        el("thead", {}, el("tr", {}, el("th", { class: "num" }, "Hạng"), el("th", {}, "Đơn vị"), el("th", { class: "num" }, "Đến hạn"), el("th", { class: "num" }, "Đã nộp"),
          el("th", { class: "num" }, "Quá hạn"), el("th", {}, "Tỷ lệ đầy đủ"), el("th", {}, "Tỷ lệ đúng hạn"))),
        el("tbody", {}, o.agencies.map((a) => el("tr", { class: "clickable", "data-testid": "compliance-row", tabindex: 0, onclick: () => showAgency(a.agencyCode),
          onkeydown: (e) => { if (e.key === "Enter") showAgency(a.agencyCode); } },
          el("td", { class: "num" }, a.rank === null ? "—" : String(a.rank)), el("td", {}, a.name, el("div", { class: "meta" }, `${a.agencyCode} · ${KIND[a.kind] || a.kind}`)),
          el("td", { class: "num" }, String(a.fellDue)), el("td", { class: "num" }, String(a.fulfilled)), el("td", { class: "num" }, String(a.overdue)),
          el("td", {}, shareBar(a.completeness)), el("td", {}, shareBar(a.timeliness))))))));
  }

  function card(value, label, note) {
    return el("div", { class: "card" }, el("div", { class: "value" }, value), el("div", { class: "label" }, label), note ? el("div", { class: "meta" }, note) : null);
  }
  function shareBar(v) {
    const bar = el("span", { class: "share" }, el("span"));
    bar.firstChild.style.width = `${Math.round((v || 0) * 100)}%`;
    return el("span", {}, bar, pct(v));
  }

  function indicatorRow(i) {
    return el("div", { class: "indicator", "data-testid": "indicator", "data-code": i.code, "data-status": i.status },
      el("div", {}, el("div", { class: "name" }, i.name),
        el("div", { class: "sub" }, `${i.code} · ${i.planCode} · `, el("button", { type: "button", class: "link", onclick: () => showIndicator(i.indicatorId) }, "Chi tiết"))),
      el("div", { class: "bars" }, progressBar(i),
        el("div", { class: "figures" }, `Hiện tại ${valueText(i.measure, i.latestValue)}${i.latestPeriod ? " (" + i.latestPeriod + ")" : ""} · kỳ vọng hôm nay ${valueText(i.measure, i.expectedToday)} · mục tiêu ${valueText(i.measure, i.targetValue)} (${date(i.targetDate)})`),
        el("div", { class: "figures" }, `Đơn vị đã báo cáo: ${i.reported}/${i.expected}`)),
      el("div", { class: "trend-cell" }, trendLine(i)),
      el("div", { class: "status-cell" }, badge(i.status)));
  }

  // ---- drill-downs ----
  function exportButtons(path) {
    return el("div", { class: "toolbar" }, el("span", {}, "Tải về:"),
      el("button", { type: "button", class: "secondary", "data-export": path, "data-format": "csv" }, "CSV"),
      el("button", { type: "button", class: "secondary", "data-export": path, "data-format": "xlsx" }, "Excel"),
      el("button", { type: "button", class: "secondary", onclick: () => { $("detail").hidden = true; } }, "Đóng"));
  }
  async function openDetail(path) {
    const detail = $("detail");
    detail.hidden = false;
    detail.replaceChildren(el("p", { class: "meta" }, "Đang tải…"));
    detail.scrollIntoView({ behavior: "smooth", block: "start" });
    const response = await request(path);
    if (!response.ok) {
      const message = response.status === 403 ? "Bạn chỉ xem được chi tiết của đơn vị mình." : response.status === 404 ? "Không tìm thấy." : await problem(response);
      detail.replaceChildren(el("p", { class: "error" }, message), el("button", { type: "button", class: "secondary", onclick: () => { detail.hidden = true; } }, "Đóng"));
      return null;
    }
    return response.json();
  }
  async function showIndicator(id) {
    const d = await openDetail(`/api/dashboard/indicators/${encodeURIComponent(id)}`);
    if (!d) return;
    const i = d.indicator;
    $("detail").replaceChildren(el("h2", {}, `${i.code}: ${i.name}`),
      el("p", { class: "meta" }, `${i.planCode} · ${STATUS[i.status]} · mục tiêu ${valueText(i.measure, i.targetValue)} (${date(i.targetDate)}) · đơn vị chủ trì ${d.leadAgencyCode}`),
      exportButtons(`/api/dashboard/indicators/${encodeURIComponent(id)}/export`),
      el("div", { class: "trend-cell" }, trendLine(i)),
      ...d.periods.map((p) => el("div", {}, el("h3", {}, `Kỳ ${p.period}: toàn tỉnh ${valueText(i.measure, p.provinceValue)} · ${p.reported}/${p.expected} đơn vị đã báo cáo`),
        el("div", { class: "scroll" }, el("table", {},
          el("thead", {}, el("tr", {}, el("th", {}, "Đơn vị"), el("th", { class: "num" }, "Giá trị"), el("th", { class: "num" }, "Tử số"), el("th", { class: "num" }, "Mẫu số"),
            el("th", {}, "Tình trạng"), el("th", {}, "Ngày chấp nhận"))),
          el("tbody", {}, p.agencies.map((a) => el("tr", {}, el("td", {}, a.name), el("td", { class: "num" }, valueText(i.measure, a.value)),
            el("td", { class: "num" }, fmt(a.numerator)), el("td", { class: "num" }, fmt(a.denominator)),
            el("td", {}, a.obligationStatus ? OBLIGATION[a.obligationStatus] : "Không phải báo cáo"), el("td", {}, instant(a.acceptedAt))))))))));
  }
  async function showAgency(code) {
    const d = await openDetail(`/api/dashboard/agencies/${encodeURIComponent(code)}`);
    if (!d) return;
    const c = d.compliance;
    $("detail").replaceChildren(el("h2", {}, d.name),
      el("p", { class: "meta" }, `${d.agencyCode} · ${KIND[d.kind] || d.kind} · đầy đủ ${pct(c.completeness)} · đúng hạn ${pct(c.timeliness)} · còn phải nộp ${c.outstanding} · quá hạn ${c.overdue}`),
      exportButtons(`/api/dashboard/agencies/${encodeURIComponent(code)}/export`),
      el("h3", {}, "Nghĩa vụ báo cáo"),
      el("div", { class: "scroll" }, el("table", {},
        el("thead", {}, el("tr", {}, el("th", {}, "Loại"), el("th", {}, "Nội dung"), el("th", {}, "Kỳ"), el("th", {}, "Hạn nộp"), el("th", {}, "Tình trạng"), el("th", {}, "Ngày nộp"))),
        el("tbody", {}, d.obligations.map((o) => el("tr", {}, el("td", {}, SUBJECT[o.subject] || o.subject), el("td", {}, `${o.subjectCode}: ${o.title}`), el("td", {}, o.period),
          el("td", {}, instant(o.dueAt)), el("td", {}, OBLIGATION[o.status] + (o.overdue ? " (quá hạn)" : o.onTime === false ? " (nộp muộn)" : "")), el("td", {}, instant(o.fulfilledAt))))))),
      el("h3", {}, "Số liệu đã được chấp nhận"),
      d.reports.length ? el("div", { class: "scroll" }, el("table", {},
        el("thead", {}, el("tr", {}, el("th", {}, "Chỉ tiêu"), el("th", {}, "Kỳ"), el("th", { class: "num" }, "Giá trị"), el("th", {}, "Ngày chấp nhận"))),
        el("tbody", {}, d.reports.map((r) => el("tr", {}, el("td", {}, `${r.indicatorCode}: ${r.indicatorName}`), el("td", {}, r.period),
          el("td", { class: "num" }, valueText(r.measure, r.value)), el("td", {}, instant(r.acceptedAt)))))))
        : el("p", { class: "meta" }, "Chưa có số liệu nào được chấp nhận."),
      el("h3", {}, "Nhiệm vụ"),
      d.tasks.length ? el("ul", {}, d.tasks.map((t) => el("li", {}, `${t.code}: ${t.title} — ${t.owner ? "chủ trì" : "phối hợp"}, hạn ${date(t.dueDate)}, ${TASK[t.status] || t.status}${t.overdue ? " (quá hạn)" : ""}`)))
        : el("p", { class: "meta" }, "Không có nhiệm vụ."));
  }

  // ---- exports: fetched with the credential, then saved under the server's file name ----
  async function download(path, format) {
    const response = await request(`${path}?format=${format}`);
    if (!response.ok) {
      $("status-line").textContent = response.status === 403 ? "Bạn chỉ tải được số liệu của đơn vị mình." : "Không tải được tệp: " + (await problem(response));
      return;
    }
    const disposition = response.headers.get("Content-Disposition") || "";
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const plain = /filename="?([^";]+)"?/i.exec(disposition);
    const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : `bang-dieu-hanh.${format}`;
    const url = URL.createObjectURL(await response.blob());
    const a = el("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.body.addEventListener("click", (e) => {
      const button = e.target.closest("[data-export]");
      if (button) download(button.dataset.export, button.dataset.format);
    });
    $("sign-in-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const value = $("credential").value.trim();
      if (!value) { $("sign-in-error").textContent = "Hãy dán mã truy cập hoặc khóa API."; return; }
      $("credential").value = "";
      signIn(value);
    });
    $("dev-token").addEventListener("click", async () => {
      const response = await fetch("/dev/token", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ role: "viewer" }) });
      if (response.status === 404) { $("sign-in-error").textContent = "Máy chủ này không bật trình cấp mã phát triển (Auth:DevIssuer:Enabled)."; return; }
      if (!response.ok) { $("sign-in-error").textContent = "Không lấy được mã: " + (await problem(response)); return; }
      signIn((await response.json()).accessToken);
    });
    $("sign-out").addEventListener("click", () => signOut(""));
    if (credential()) signIn(credential()); else signOut("");
  });
})();
