// Operator view: polls GET /api/diagnostics (the kiosk aggregates /diagnostics per node) every 2 s.
'use strict';

(function () {
  const tbody = document.getElementById('nodes');
  const summary = document.getElementById('summary');
  const staleAfter = document.getElementById('stale-after');

  function cell(text, className) {
    const td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    return td;
  }

  function render(board) {
    staleAfter.textContent = String(board.stale_after_s);
    const c = board.counts;
    summary.textContent = board.nodes.length === 0
      ? 'Chưa nhận được trạng thái nào trên /diagnostics'
      : `${c.OK} hoạt động tốt, ${c.WARN} cảnh báo, ${c.ERROR} lỗi, ${c.STALE} mất tín hiệu`;
    tbody.replaceChildren(...board.nodes.map((node) => {
      const row = document.createElement('tr');
      row.className = `lvl-${node.level_name}`;
      row.dataset.hardwareId = node.hardware_id;
      const info = cell(node.message);
      if (node.checks.length > 1) {
        const list = document.createElement('ul');
        list.className = 'checks';
        node.checks.forEach((check) => {
          const item = document.createElement('li');
          item.textContent = `${check.name}: ${check.level_name} - ${check.message}`;
          list.append(item);
        });
        info.append(list);
      }
      const age = node.never_seen ? 'chưa bao giờ' : `${Math.round(node.age_s)} giây trước`;
      row.append(cell(node.hardware_id), cell(`${node.level_text} (${node.level_name})`, 'level'), info, cell(age));
      return row;
    }));
  }

  function poll() {
    fetch('/api/diagnostics', { cache: 'no-store' })
      .then((r) => r.json()).then(render)
      .catch(() => { summary.textContent = 'Mất kết nối với máy chủ màn hình của robot'; });
  }
  poll();
  setInterval(poll, 2000);
})();
