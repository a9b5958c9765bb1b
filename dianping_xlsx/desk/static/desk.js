// The desk's few scripts (no inline script: the pages' Content-Security-Policy allows only this file).
document.addEventListener("change", function (event) {
  const input = event.target;
  if (input.matches("input[type=file][data-show]")) {
    const shown = document.getElementById(input.dataset.show);
    if (shown) {
      shown.textContent = input.files.length === 1 ? input.files[0].name
        : input.files.length ? "已选择 " + input.files.length + " 个文件" : "还没有选择文件";
    }
  }
  if (input.id === "preset") {  // 邮箱类型: fills in the usual servers, encryption and ports
    const preset = {
      qq: ["imap.qq.com", "smtp.qq.com", "ssl", "993", "465"],
      "163": ["imap.163.com", "smtp.163.com", "ssl", "993", "465"],
      gov_ssl: ["", "", "ssl", "993", "465"],
      gov_starttls: ["", "", "starttls", "143", "587"],
    }[input.value];
    if (!preset) return;
    const form = input.form;
    if (preset[0]) form.elements.mail_host.value = preset[0];
    if (preset[1]) form.elements.smtp_host.value = preset[1];
    form.elements.mail_security.value = preset[2];
    form.elements.mail_port.value = preset[3];
    form.elements.smtp_port.value = preset[4];
  }
});

document.addEventListener("input", function (event) {
  if (event.target.id === "filter") {
    const text = event.target.value;
    document.querySelectorAll("#units tbody tr").forEach(function (r) {
      r.style.display = r.textContent.includes(text) ? "" : "none";
    });
  }
});

document.addEventListener("click", function (event) {
  const th = event.target.closest("#units th");
  if (th) {
    const col = Array.from(th.parentNode.children).indexOf(th);
    const body = document.querySelector("#units tbody");
    const rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      return a.cells[col].textContent.localeCompare(b.cells[col].textContent, "zh-CN", {numeric: true});
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  const confirmed = event.target.closest("[data-confirm]");
  if (confirmed && !window.confirm(confirmed.dataset.confirm)) {
    event.preventDefault();
  }
});

// Printing: a collapsed list (<details>) prints its summary line only, so every one is opened for the
// paper and closed again afterwards (the warned units are on paper, not "点开查看").
let openedForPrint = [];
window.addEventListener("beforeprint", function () {
  openedForPrint = Array.from(document.querySelectorAll("details:not([open])"));
  openedForPrint.forEach(function (d) { d.open = true; });
});
window.addEventListener("afterprint", function () {
  openedForPrint.forEach(function (d) { d.open = false; });
  openedForPrint = [];
});
