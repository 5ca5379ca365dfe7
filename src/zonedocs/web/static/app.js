// zonedocs pages: send forms to the API with the page's cross-site token; follow a build.
"use strict";

const csrf = () => document.querySelector('meta[name="csrf"]').content;

async function send(url, options) {
  const response = await fetch(url, {
    ...options, headers: { "X-Zonedocs-CSRF": csrf(), ...(options.headers || {}) },
  });
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok && !(body && (body.error || body.message))) {
    body = { error: `请求失败（${response.status}），请刷新页面后重试。` };
  }
  return { ok: response.ok, status: response.status, body };
}

// good: true (done), false (a problem), null (still working)
function say(element, text, good) {
  element.textContent = text;
  element.className = "status" + (good === null ? "" : good ? " ok" : " bad");
}

function flashOnReload(text, good) {
  sessionStorage.setItem("zonedocs-flash", JSON.stringify({ text, good }));
  location.reload();
}

function showFlash() {
  const saved = sessionStorage.getItem("zonedocs-flash");
  const target = document.querySelector("#upload .status");
  if (saved && target) {
    const { text, good } = JSON.parse(saved);
    say(target, text, good);
  }
  sessionStorage.removeItem("zonedocs-flash");
}

function uploadSummary(body) {
  const problems = body.problems || [];
  const errors = problems.filter((p) => p.level === "error").length;
  const warnings = problems.length - errors;
  let text = errors ? `已上传。有 ${errors} 处错误需要改正` : "已上传，检查通过";
  if (warnings) text += `，${warnings} 处警告`;
  text += "。";
  if (body.pictures) text += ` 收到图片 ${body.pictures} 张。`;
  if (body.replaced && body.replaced.length) text += ` 替换了 ${body.replaced.length} 张同名图片（旧图片已保留）。`;
  if (body.skipped && body.skipped.length) text += ` 忽略了 ${body.skipped.length} 个不是图片的文件。`;
  return { text, good: !errors };
}

function setUpUpload() {
  const form = document.getElementById("upload");
  if (!form) return;
  showFlash();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = form.querySelector(".status");
    const button = form.querySelector("button");
    button.disabled = true;
    say(status, "正在上传并检查…", null);
    const result = await send(form.dataset.url, { method: "POST", body: new FormData(form) });
    button.disabled = false;
    if (!result.ok) { say(status, result.body.error, false); return; }
    const { text, good } = uploadSummary(result.body);
    flashOnReload(text, good);
  });
}

function setUpFilter() {
  const table = document.getElementById("problems");
  if (!table) return;
  const level = document.getElementById("level");
  const sheet = document.getElementById("sheet");
  const find = document.getElementById("find");
  const shown = document.getElementById("shown");
  const apply = () => {
    const words = find.value.trim();
    let count = 0;
    for (const row of table.tBodies[0].rows) {
      const visible = (!level.value || row.dataset.level === level.value)
        && (!sheet.value || row.dataset.sheet === sheet.value)
        && (!words || row.textContent.includes(words));
      row.hidden = !visible;
      if (visible) count += 1;
    }
    shown.textContent = `显示 ${count} / ${table.tBodies[0].rows.length} 条`;
  };
  for (const control of [level, sheet, find]) control.addEventListener("input", apply);
  apply();
}

function list(title, items, line) {
  if (!items.length) return "";
  const rows = items.slice(0, 500).map((item) => `<li>${escape(line(item))}</li>`).join("");
  const more = items.length > 500 ? `<li>……另有 ${items.length - 500} 个</li>` : "";
  return `<details><summary>${escape(title)}（${items.length}）</summary><ul>${rows}${more}</ul></details>`;
}

function escape(text) {
  const span = document.createElement("span");
  span.textContent = String(text);
  return span.innerHTML;
}

function showOutcome(state) {
  const outcome = document.getElementById("outcome");
  const phase = document.getElementById("phase");
  if (state.state === "failed") {
    phase.textContent = "生成未完成";
    const problems = (state.problems || []).slice(0, 200).map((p) => `<li>${escape(p)}</li>`).join("");
    outcome.innerHTML = `<p class="bad">${escape(state.error || "生成失败。")}</p>`
      + (problems ? `<ul>${problems}</ul><p class="hint">请到“主台账”页下载标出问题的副本，改正后重新上传。</p>` : "");
    return;
  }
  const s = state.summary;
  phase.textContent = "生成完成";
  const pdf = s.pdf || {};
  let html = `<p class="ok">写入 ${s.written.length} 个，未变 ${s.unchanged.length} 个，移除 ${s.removed.length} 个，`
    + `保留手工修改 ${s.kept_edited.length} 个${pdf.written && pdf.written.length ? `，PDF ${pdf.written.length} 个` : ""}。</p>`;
  if (s.blocked.length) html += `<p class="bad">有 ${s.blocked.length} 个文件未能写入：请在 Word/WPS 中关闭它们后再生成一次。</p>`;
  if (pdf.problem) html += `<p class="bad">${escape(pdf.problem)}</p>`;
  html += list("写入", s.written, (w) => `${w.path}——${w.reason}`);
  html += list("移除（已移到回收站）", s.removed, (r) => `${r.path} → ${r.moved_to}`);
  html += list("被手工修改过，保留未覆盖", s.kept_edited, (p) => p);
  html += list("被手工修改过，原文件改名保留", s.edited_moved_aside, (r) => `${r.path} → ${r.moved_to}`);
  html += list("未能写入", s.blocked, (b) => `${b.path}——${b.message}`);
  html += list("未变", s.unchanged, (p) => p);
  html += `<p><a class="button" href="/files">查看文书</a></p>`;
  outcome.innerHTML = html;
}

async function follow(id) {
  const panel = document.getElementById("progress");
  const fill = document.getElementById("bar-fill");
  const count = document.getElementById("count");
  const button = document.querySelector("#build button");
  panel.hidden = false;
  button.disabled = true;
  document.getElementById("outcome").innerHTML = "";
  document.getElementById("phase").textContent = "生成中…";
  for (;;) {
    const result = await send(`/api/builds/${id}`, { method: "GET" });
    if (!result.ok) { say(count, result.body.error, false); break; }
    const state = result.body;
    const share = state.total ? state.done / state.total : (state.state === "running" ? 0 : 1);
    fill.style.width = `${Math.round(share * 100)}%`;
    count.textContent = state.total ? `${state.done} / ${state.total} 个文件` : "正在比较哪些文书需要重写…";
    if (state.state === "running" && state.total && state.done >= state.total) {
      count.textContent += "，正在收尾（PDF 和清单）…";
    }
    if (state.state !== "running") {
      fill.style.width = "100%";
      showOutcome(state);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  button.disabled = false;
}

function setUpBuild() {
  const form = document.getElementById("build");
  if (!form) return;
  if (form.dataset.running) follow(form.dataset.running);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {
      only: data.getAll("only"), branch: data.get("branch") || null,
      pdf: data.get("pdf") === "on", force: data.get("force") === "on",
    };
    const result = await send("/api/builds", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    if (!result.ok) {
      const panel = document.getElementById("progress");
      panel.hidden = false;
      document.getElementById("phase").textContent = "没有开始生成";
      document.getElementById("outcome").innerHTML = `<p class="bad">${escape(result.body.error)}</p>`;
      return;
    }
    follow(result.body.id);
  });
}

function setUpTemplates() {
  for (const form of document.querySelectorAll("form.template")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = form.querySelector(".status");
      const data = new FormData(form);
      data.append("name", form.closest("tr").dataset.name);
      say(status, "正在检查…", null);
      const result = await send(form.dataset.url, { method: "POST", body: data });
      if (result.ok) { location.reload(); return; }
      say(status, result.body.error || `未通过检查，没有使用：${result.body.message}`, false);
    });
  }
  for (const button of document.querySelectorAll("button.reset")) {
    button.addEventListener("click", async () => {
      const name = button.closest("tr").dataset.name;
      const result = await send(`/api/templates/${encodeURIComponent(name)}`, { method: "DELETE" });
      if (result.ok) location.reload();
      else alert(result.body.error);
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setUpUpload();
  setUpFilter();
  setUpBuild();
  setUpTemplates();
});
