// Touchscreen page of the reception robot. State is pushed by the kiosk node as Server-Sent Events
// (GET /api/events, `event: state`); typed text and button presses go to POST /api/ask, which asks the
// same dialog manager as speech. No external resources: the robot has no internet.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const els = {
    status: $('status'), connection: $('connection'), turns: $('turns'), emptyHint: $('empty-hint'),
    form: $('ask-form'), input: $('ask-input'), send: $('ask-send'), error: $('form-error'),
    ticket: $('ticket-number'), ticketCard: $('ticket-card'), counter: $('counter-name'),
    map: $('lobby-map'), procedures: $('procedure-buttons'), amenities: $('amenity-buttons'),
    staff: $('staff-button'),
  };
  const SPEAKER = { robot: 'Robot', citizen: 'Anh/chị' };
  const MSG_EMPTY = 'Anh/chị vui lòng nhập câu hỏi trước khi bấm Gửi ạ.';
  const MSG_OFFLINE = 'Xin lỗi, màn hình đang mất kết nối với robot. Mời anh/chị thử lại ạ.';
  const NO_COUNTER = 'Robot sẽ chỉ quầy cần đến';
  let renderedTurnsKey = '';
  let renderedButtonsKey = '';
  let wantedHighlight = '';
  let mapReady = false;
  let sending = false;

  function renderTurns(turns) {
    const key = turns.map((t) => t.seq).join(',');
    if (key === renderedTurnsKey) return;
    renderedTurnsKey = key;
    els.turns.replaceChildren(...turns.map((turn) => {
      const item = document.createElement('li');
      item.className = `turn ${turn.role}` + (turn.source === 'system' ? ' system' : '');
      item.dataset.seq = String(turn.seq);
      const speaker = document.createElement('span');
      speaker.className = 'speaker';
      speaker.textContent = SPEAKER[turn.role] || '';
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = turn.text;
      item.append(speaker, text);
      return item;
    }));
    els.emptyHint.hidden = turns.length > 0;
    scrollToLatest();
  }

  function scrollToLatest() {
    // After layout (fonts, elderly mode): the newest turn must be fully visible.
    requestAnimationFrame(() => { els.turns.scrollTop = els.turns.scrollHeight; });
  }

  function makeButton(button) {
    const element = document.createElement('button');
    element.type = 'button';
    element.className = 'shortcut';
    element.id = `btn-${button.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = button.label;
    element.append(label);
    element.title = button.title || button.label;
    element.dataset.askText = button.ask_text;
    return element;
  }

  function renderButtons(buttons) {
    const key = JSON.stringify(buttons);
    if (key === renderedButtonsKey) return;
    renderedButtonsKey = key;
    els.procedures.replaceChildren(...buttons.filter((b) => b.kind === 'procedure').map(makeButton));
    els.amenities.replaceChildren(...buttons.filter((b) => b.kind === 'amenity').map(makeButton));
    const staff = buttons.find((b) => b.kind === 'staff');
    if (staff) {
      els.staff.textContent = staff.label;
      els.staff.dataset.askText = staff.ask_text;
    }
  }

  function highlight(poiId) {
    wantedHighlight = poiId || '';
    if (!mapReady) return;
    els.map.querySelectorAll('.poi.highlight').forEach((g) => g.classList.remove('highlight'));
    const target = wantedHighlight && document.getElementById(`poi-${wantedHighlight}`);
    if (target) target.classList.add('highlight');
  }

  function render(state) {
    const elderly = Boolean(state.elderly_mode);
    if (elderly !== document.body.classList.contains('elderly')) {
      document.body.classList.toggle('elderly', elderly);
      scrollToLatest();
    }
    els.status.textContent = state.status_text || '';
    renderTurns(state.turns || []);
    els.ticket.textContent = state.ticket_number || '—';
    els.ticketCard.classList.toggle('has-ticket', Boolean(state.ticket_number));
    els.counter.textContent = state.counter_name || NO_COUNTER;
    document.body.dataset.version = String(state.version);
    highlight(state.counter_id);
    renderButtons(state.buttons || []);
  }

  function refreshState() {
    return fetch('/api/state', { cache: 'no-store' })
      .then((r) => r.json()).then(render).catch(() => {});
  }

  function showError(message) { els.error.textContent = message || ''; }

  function setSending(value) {
    sending = value;
    els.send.disabled = value;
    document.querySelectorAll('.shortcut, .staff-button').forEach((b) => { b.disabled = value; });
  }

  async function send(rawText, source) {
    const text = (rawText || '').trim();
    if (!text) { showError(MSG_EMPTY); els.input.focus(); return; }
    if (sending) return;
    setSending(true);
    showError('');
    try {
      const response = await fetch('/api/ask', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text, source }),
      });
      let body = {};
      try { body = await response.json(); } catch (_) { body = {}; }
      if (response.ok || response.status === 503) {
        if (source === 'screen') els.input.value = '';
      } else {
        showError(body.message || MSG_OFFLINE);
      }
    } catch (_) {
      showError(MSG_OFFLINE);
    } finally {
      setSending(false);
      refreshState();  // the answer also arrives by the event stream; this covers a broken stream
    }
  }

  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(els.input.value, 'screen');
  });
  document.addEventListener('click', (event) => {
    const button = event.target.closest('.shortcut, .staff-button');
    if (button) send(button.dataset.askText, 'button');
  });

  fetch('/map.svg', { cache: 'no-store' })
    .then((r) => r.text())
    .then((svg) => { els.map.innerHTML = svg; mapReady = true; highlight(wantedHighlight); })
    .catch(() => { els.map.textContent = 'Chưa có sơ đồ sảnh'; });

  if (window.EventSource) {
    const events = new EventSource('/api/events');
    events.addEventListener('state', (event) => {
      els.connection.hidden = true;
      render(JSON.parse(event.data));
    });
    events.onerror = () => { els.connection.hidden = false; };
  } else {
    setInterval(refreshState, 2000);
  }
  refreshState();
})();
