// EntryGuard duty officers' console. Plain JavaScript, no external files: the page's CSP allows this origin only.
'use strict';

const MESSAGES = {
  zh: {
    brand: 'EntryGuard 值班控制台', alerts: '告警', venues: '场所', summary: '每日汇总',
    login: '登录', logout: '退出', user: '用户名', password: '密码', switchLang: 'English',
    badCredentials: '用户名或密码错误', tooMany: '登录失败次数过多，请 {s} 秒后再试', netError: '无法连接服务器',
    liveOn: '实时', liveOff: '已断开', roleCITY: '市局', roleDISTRICT: '分局',
    district: '辖区', venue: '场所', type: '类型', from: '起', to: '止', apply: '筛选', clear: '清除',
    any: '全部', time: '时间', decision: '判定', age: '估计年龄', handling: '处置状态', rule: '规则',
    reason: '网关给出的原因', received: '接收时间', source: '来源', id: '编号', venueId: '场所编号',
    noAlerts: '没有符合条件的告警', history: '处置记录', officer: '民警', note: '备注', at: '时间',
    notePlaceholder: '处置备注（结案、误报时必填）', noHistory: '尚无处置记录', back: '返回告警列表',
    lastSeen: '最近上报', alertCount: '告警数', noVenues: '尚无场所上报', total: '合计',
    days: '日期范围', show: '查看', noCounts: '所选日期内没有告警', years: '岁', notFound: '告警不存在或无权查看',
    forbidden: '无权查看其他辖区', noteRequired: '结案或误报时请填写备注', conflict: '该告警当前状态不允许此操作',
    csrf: '页面已过期，请刷新', saved: '已保存', day: '日期', count: '数量', newAlert: '新告警',
    types: { MINOR_ENTRY: '未成年人进入', MINOR_AT_HOTEL: '未成年人入住', CHECK_ID_UNRESOLVED: '证件核验未完成', CAMERA_DOWN: '摄像头离线' },
    states: { NEW: '待处置', ACKNOWLEDGED: '已确认', DISPATCHED: '已派警', CLOSED: '已结案', FALSE_ALARM: '误报' },
    actions: { ACKNOWLEDGED: '确认', DISPATCHED: '派警', CLOSED: '结案', FALSE_ALARM: '标记误报' },
    decisions: { MINOR: '未成年人', CHECK_ID: '需核验证件', ADULT: '成年人' },
    sources: { webhook: 'Webhook', gat1400: 'GA/T 1400' }
  },
  en: {
    brand: 'EntryGuard duty console', alerts: 'Alerts', venues: 'Venues', summary: 'Daily summary',
    login: 'Log in', logout: 'Log out', user: 'User name', password: 'Password', switchLang: '中文',
    badCredentials: 'Wrong user name or password', tooMany: 'Too many failed logins; try again in {s} s',
    netError: 'Cannot reach the server', liveOn: 'Live', liveOff: 'Disconnected', roleCITY: 'City', roleDISTRICT: 'District',
    district: 'District', venue: 'Venue', type: 'Type', from: 'From', to: 'To', apply: 'Filter', clear: 'Clear',
    any: 'All', time: 'Time', decision: 'Decision', age: 'Estimated age', handling: 'Handling', rule: 'Rule',
    reason: 'Reason given by the gateway', received: 'Received', source: 'Source', id: 'ID', venueId: 'Venue ID',
    noAlerts: 'No alerts match', history: 'Audit trail', officer: 'Officer', note: 'Note', at: 'At',
    notePlaceholder: 'Note (required to close or mark a false alarm)', noHistory: 'Not handled yet',
    back: 'Back to alerts', lastSeen: 'Last seen', alertCount: 'Alerts', noVenues: 'No venue has reported yet',
    total: 'Total', days: 'Days', show: 'Show', noCounts: 'No alerts on these days', years: 'years',
    notFound: 'No such alert, or not yours to see', forbidden: 'Other districts are not yours to see',
    noteRequired: 'Write a note to close or mark a false alarm', conflict: 'The alert\'s state does not allow this',
    csrf: 'The page is stale; reload it', saved: 'Saved', day: 'Day', count: 'Count', newAlert: 'New alert',
    types: { MINOR_ENTRY: 'Minor entered', MINOR_AT_HOTEL: 'Minor at hotel', CHECK_ID_UNRESOLVED: 'ID check unresolved', CAMERA_DOWN: 'Camera down' },
    states: { NEW: 'New', ACKNOWLEDGED: 'Acknowledged', DISPATCHED: 'Dispatched', CLOSED: 'Closed', FALSE_ALARM: 'False alarm' },
    actions: { ACKNOWLEDGED: 'Acknowledge', DISPATCHED: 'Dispatch', CLOSED: 'Close', FALSE_ALARM: 'False alarm' },
    decisions: { MINOR: 'Minor', CHECK_ID: 'Check ID', ADULT: 'Adult' },
    sources: { webhook: 'Webhook', gat1400: 'GA/T 1400' }
  }
};
const TYPES = ['MINOR_ENTRY', 'MINOR_AT_HOTEL', 'CHECK_ID_UNRESOLVED', 'CAMERA_DOWN'];
/** Rows the live list keeps: as many as the server's default page, so a burst cannot exhaust the browser. */
const MAX_ROWS = 200;
const COLORS = ['#c0392b', '#d68910', '#2874a6', '#7f8c8d', '#8e44ad', '#16a085'];

const state = {
  me: null, lang: 'zh', alerts: [], filter: {}, events: null, current: null,
  pendingLang: null
};

function t(key) { return MESSAGES[state.lang][key] ?? MESSAGES.en[key] ?? key; }
function label(group, value) { return (value && MESSAGES[state.lang][group][value]) || value || ''; }
function $(sel, root) { return (root || document).querySelector(sel); }
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}
function fmtTime(iso) {
  if (!iso) return '';
  const opts = { timeZone: state.me ? state.me.timeZone : undefined, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
  return new Date(iso).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', opts);
}
function fmtAge(a) {
  if (a.ageLow == null && a.ageHigh == null) return '';
  // one decimal where the gateway gave one: rounding 13.5 up to 14 would overstate the lower bound
  const f = (x) => x == null ? '?' : (Number.isInteger(x) ? String(x) : x.toFixed(1));
  return f(a.ageLow) + '–' + f(a.ageHigh) + ' ' + t('years');
}
function stateBadge(h) { return el('span', { class: 'state ' + h, 'data-state': h, text: label('states', h) }); }

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.me) headers['X-CSRF-Token'] = state.me.csrf;
  const res = await fetch('/api/console' + path, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  let data = {};
  try { data = await res.json(); } catch (e) { /* empty body */ }
  if (res.status === 401 && path !== '/login') { showLogin(); throw Object.assign(new Error('login'), { status: 401, data }); }
  if (!res.ok) throw Object.assign(new Error(data.error || res.status), { status: res.status, data });
  return data;
}

function errorText(err) {
  const code = err && err.data && err.data.error;
  return ({ bad_credentials: t('badCredentials'), no_alert: t('notFound'), forbidden_district: t('forbidden'),
    state_conflict: t('conflict'), csrf: t('csrf') })[code]
    || (code === 'too_many_attempts' ? t('tooMany').replace('{s}', err.data.retryAfterSeconds) : null)
    || (code === 'bad_request' && /note/.test(err.data.message) ? t('noteRequired') : null)
    || (err.data && err.data.message) || t('netError');
}

// ---- shell ----
function applyChrome() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('brand');
  $('#brand').textContent = t('brand');
  $('#nav-alerts').textContent = t('alerts');
  $('#nav-venues').textContent = t('venues');
  $('#nav-summary').textContent = t('summary');
  $('#lang-toggle').textContent = t('switchLang');
  $('#logout').textContent = t('logout');
  setLive(state.events && state.events.readyState === 1);
  if (state.me) {
    $('#who').textContent = state.me.displayName + ' · ' + t('role' + state.me.role)
      + (state.me.district ? ' · ' + state.me.district : '');
  }
  const route = location.hash.split('/')[1] || 'alerts';
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.id === 'nav-' + (route === 'alert' ? 'alerts' : route));
}
function setLive(on) {
  const s = $('#live-status');
  s.textContent = on ? t('liveOn') : t('liveOff');
  s.className = 'live ' + (on ? 'on' : 'off');
  s.dataset.live = on ? 'on' : 'off';
}

function showLogin(message) {
  if (state.events) { state.events.close(); state.events = null; }
  state.me = null;
  $('#top').hidden = true;
  const main = $('#main');
  main.replaceChildren();
  const err = el('div', { class: 'error', id: 'login-error', text: message || '' });
  const form = el('form', { class: 'login card', id: 'login-form' },
    el('h1', { text: t('brand') }),
    el('label', {}, t('user'), el('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true })),
    el('label', {}, t('password'), el('input', { id: 'login-password', name: 'password', type: 'password',
      autocomplete: 'current-password', required: true })),
    err,
    el('button', { class: 'primary', type: 'submit', id: 'login-submit', text: t('login') }),
    el('button', { type: 'button', id: 'login-lang', text: t('switchLang'), onclick: () => {
      state.lang = state.lang === 'zh' ? 'en' : 'zh'; state.pendingLang = state.lang; showLogin();
    } }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    try {
      state.me = await api('POST', '/login', { user: $('#login-user').value, password: $('#login-password').value,
        lang: state.pendingLang || undefined });
      state.lang = state.me.lang;
      start();
    } catch (e) { err.textContent = errorText(e); }
  });
  main.append(form);
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('brand');
}

function start() {
  $('#top').hidden = false;
  applyChrome();
  connect();
  route();
}

// ---- live events ----
function connect() {
  if (state.events) state.events.close();
  const es = new EventSource('/api/console/events');
  state.events = es;
  es.onopen = () => { setLive(true); };
  es.onerror = () => { setLive(false); };
  es.addEventListener('alert', (ev) => onAlert(JSON.parse(ev.data)));
  es.addEventListener('reset', () => { if (currentRoute() === 'alerts') loadAlerts(); });
  es.addEventListener('logout', () => showLogin());
}

function matches(a, f) {
  if (f.district && a.district !== f.district) return false;
  if (f.venue && a.venueId !== f.venue) return false;
  if (f.type && a.type !== f.type) return false;
  // compared as times: the server's and the browser's ISO strings differ in their fractions of a second
  if (f.from && Date.parse(a.occurredAt) < Date.parse(f.from)) return false;
  if (f.to && Date.parse(a.occurredAt) > Date.parse(f.to)) return false;
  return true;
}

function onAlert(a) {
  const i = state.alerts.findIndex(x => x.id === a.id);
  const fresh = i < 0;
  if (!fresh) state.alerts[i] = a;
  else if (matches(a, state.filter)) {
    state.alerts.unshift(a);
    state.alerts.length = Math.min(state.alerts.length, MAX_ROWS);
  }
  if (currentRoute() === 'alerts') {
    const tbody = $('#alert-rows');
    if (!tbody) return;
    const old = tbody.querySelector('tr[data-alert-id="' + CSS.escape(a.id) + '"]');
    if (old) old.replaceWith(alertRow(a, false));
    else if (fresh && matches(a, state.filter)) {
      const empty = $('#no-alerts'); if (empty) empty.remove();
      tbody.prepend(alertRow(a, true));
      // a burst of alerts must not grow the page without bound; older ones stay reachable through the filters
      while (tbody.rows.length > MAX_ROWS) tbody.deleteRow(-1);
    }
  } else if (currentRoute() === 'alert' && state.current && state.current.alert.id === a.id
             && state.current.alert.handling !== a.handling) {
    loadAlert(a.id);
  }
}

// ---- routes ----
function currentRoute() { return location.hash.split('/')[1] || 'alerts'; }
function route() {
  if (!state.me) return;
  applyChrome();
  const parts = location.hash.split('/');
  const r = currentRoute();
  if (r === 'alert' && parts[2]) loadAlert(decodeURIComponent(parts.slice(2).join('/')));
  else if (r === 'venues') loadVenues();
  else if (r === 'summary') loadSummary();
  else loadAlerts();
}
window.addEventListener('hashchange', route);

// ---- alert list ----
function toIso(local) { return local ? new Date(local).toISOString() : ''; }
async function loadAlerts() {
  const f = state.filter;
  const q = new URLSearchParams();
  for (const k of ['district', 'venue', 'type', 'from', 'to']) if (f[k]) q.set(k, f[k]);
  const main = $('#main');
  let data;
  try { data = await api('GET', '/alerts?' + q); } catch (e) {
    if (e.status !== 401) main.replaceChildren(el('div', { class: 'error', id: 'page-error', text: errorText(e) }));
    return;
  }
  if (currentRoute() !== 'alerts') return;
  state.alerts = data.alerts;
  main.replaceChildren(filterForm(), alertTable());
}

function filterForm() {
  const f = state.filter;
  const typeSel = el('select', { id: 'f-type' }, el('option', { value: '', text: t('any') }),
    ...TYPES.map(x => el('option', { value: x, text: label('types', x), selected: f.type === x })));
  const fixed = state.me.role === 'DISTRICT';
  const form = el('form', { class: 'filters card', id: 'filters' },
    el('label', {}, t('district'), el('input', { id: 'f-district', value: fixed ? state.me.district : (f.district || ''),
      disabled: fixed })),
    el('label', {}, t('venue'), el('input', { id: 'f-venue', value: f.venue || '', placeholder: t('venueId') })),
    el('label', {}, t('type'), typeSel),
    el('label', {}, t('from'), el('input', { id: 'f-from', type: 'datetime-local', value: f.fromLocal || '' })),
    el('label', {}, t('to'), el('input', { id: 'f-to', type: 'datetime-local', value: f.toLocal || '' })),
    el('button', { class: 'primary', type: 'submit', id: 'f-apply', text: t('apply') }),
    el('button', { type: 'button', id: 'f-clear', text: t('clear'), onclick: () => { state.filter = {}; loadAlerts(); } }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const fromLocal = $('#f-from').value, toLocal = $('#f-to').value;
    state.filter = { district: fixed ? '' : $('#f-district').value.trim(), venue: $('#f-venue').value.trim(),
      type: typeSel.value, from: toIso(fromLocal), to: toIso(toLocal), fromLocal, toLocal };
    loadAlerts();
  });
  return form;
}

function alertTable() {
  const tbody = el('tbody', { id: 'alert-rows' });
  if (state.alerts.length === 0) tbody.append(el('tr', { id: 'no-alerts' }, el('td', { colspan: 7, class: 'muted', text: t('noAlerts') })));
  for (const a of state.alerts) tbody.append(alertRow(a, false));
  return el('table', { id: 'alerts' },
    el('thead', {}, el('tr', {}, ...['time', 'district', 'venue', 'type', 'decision', 'age', 'handling']
      .map(k => el('th', { text: t(k) })))), tbody);
}

function alertRow(a, fresh) {
  return el('tr', { class: 'clickable' + (fresh ? ' fresh' : ''), 'data-alert-id': a.id,
    onclick: () => { location.hash = '#/alert/' + encodeURIComponent(a.id); } },
    el('td', { text: fmtTime(a.occurredAt) }), el('td', { text: a.district || '' }),
    el('td', { text: a.venueName || a.venueId, title: a.venueId }), el('td', { text: label('types', a.type) }),
    el('td', { text: label('decisions', a.decision) }), el('td', { text: fmtAge(a) }),
    el('td', {}, stateBadge(a.handling)));
}

// ---- one alert ----
async function loadAlert(id) {
  const main = $('#main');
  let data;
  try { data = await api('GET', '/alerts/' + encodeURIComponent(id)); } catch (e) {
    if (e.status !== 401) main.replaceChildren(el('div', { class: 'error', id: 'page-error', text: errorText(e) }),
      el('a', { href: '#/alerts', text: t('back') }));
    return;
  }
  state.current = data;
  renderAlert(data, '');
}

function renderAlert(data, message) {
  const a = data.alert;
  const row = (k, v, id) => [el('dt', { text: t(k) }), el('dd', { id }, v)];
  const details = el('dl', { class: 'details', id: 'alert-details' },
    ...row('id', a.id), ...row('time', fmtTime(a.occurredAt)), ...row('received', fmtTime(a.receivedAt)),
    ...row('district', a.district || ''), ...row('venue', (a.venueName ? a.venueName + ' · ' : '') + a.venueId),
    ...row('type', label('types', a.type)), ...row('decision', label('decisions', a.decision), 'alert-decision'),
    ...row('age', fmtAge(a), 'alert-age'), ...row('rule', a.rule || '', 'alert-rule'),
    ...[el('dt', { text: t('reason') }), el('dd', { class: 'reason', id: 'alert-reason', text: a.reason || '' })],
    ...row('source', label('sources', a.source)), ...row('handling', stateBadge(a.handling), 'alert-handling'));
  const hist = el('tbody', { id: 'history-rows' });
  if (data.history.length === 0) hist.append(el('tr', {}, el('td', { colspan: 4, class: 'muted', text: t('noHistory') })));
  for (const h of data.history) {
    hist.append(el('tr', { 'data-state': h.state }, el('td', { text: fmtTime(h.at) }), el('td', {}, stateBadge(h.state)),
      el('td', { text: h.officer }), el('td', { class: 'reason', text: h.note || '' })));
  }
  const note = el('textarea', { id: 'note', placeholder: t('notePlaceholder'), maxlength: 2000 });
  const err = el('div', { class: 'error', id: 'action-error', text: message });
  const actions = el('div', { class: 'actions' }, ...['ACKNOWLEDGED', 'DISPATCHED', 'CLOSED', 'FALSE_ALARM'].map(s =>
    el('button', { type: 'button', class: 'action', 'data-action': s, text: label('actions', s),
      disabled: !data.next.includes(s), onclick: async () => {
        try {
          const after = await api('POST', '/alerts/' + encodeURIComponent(a.id) + '/handle', { state: s, note: note.value });
          state.current = after;
          renderAlert(after, '');
        } catch (e) { err.textContent = errorText(e); }
      } })));
  $('#main').replaceChildren(
    el('a', { href: '#/alerts', id: 'back', text: '← ' + t('back') }),
    el('div', { class: 'card' }, el('h1', { text: label('types', a.type) + ' · ' + (a.venueName || a.venueId) }), details),
    el('div', { class: 'card' }, el('h2', { text: t('history') }),
      el('table', { id: 'history' }, el('thead', {}, el('tr', {}, ...['at', 'handling', 'officer', 'note'].map(k => el('th', { text: t(k) })))), hist),
      data.next.length ? el('div', {}, el('h2', { text: t('note') }), note, actions, err) : err));
}

// ---- venues ----
async function loadVenues() {
  let data;
  try { data = await api('GET', '/venues'); } catch (e) { if (e.status !== 401) $('#main').replaceChildren(el('div', { class: 'error', text: errorText(e) })); return; }
  if (currentRoute() !== 'venues') return;
  const tbody = el('tbody', { id: 'venue-rows' });
  if (data.venues.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'muted', text: t('noVenues') })));
  for (const v of data.venues) {
    tbody.append(el('tr', { 'data-venue-id': v.venueId, class: 'clickable', onclick: () => {
      state.filter = { venue: v.venueId }; location.hash = '#/alerts'; } },
      el('td', { text: v.venueName || '' }), el('td', { text: v.venueId }), el('td', { text: v.district || '' }),
      el('td', { text: fmtTime(v.lastSeen) }), el('td', { text: v.alerts })));
  }
  $('#main').replaceChildren(el('div', { class: 'card' }, el('h1', { text: t('venues') }),
    el('table', { id: 'venues' }, el('thead', {}, el('tr', {}, ...['venue', 'venueId', 'district', 'lastSeen', 'alertCount']
      .map(k => el('th', { text: t(k) })))), tbody)));
}

// ---- daily summary ----
async function loadSummary(from, to) {
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  let data;
  try { data = await api('GET', '/daily?' + q); } catch (e) { if (e.status !== 401) $('#main').replaceChildren(el('div', { class: 'error', text: errorText(e) })); return; }
  if (currentRoute() !== 'summary') return;
  const fromIn = el('input', { type: 'date', id: 's-from', value: data.from });
  const toIn = el('input', { type: 'date', id: 's-to', value: data.to });
  const form = el('form', { class: 'filters' }, el('label', {}, t('from'), fromIn), el('label', {}, t('to'), toIn),
    el('button', { class: 'primary', type: 'submit', text: t('show') }));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); loadSummary(fromIn.value, toIn.value); });
  const tbody = el('tbody', { id: 'daily-rows' });
  for (const c of data.counts) tbody.append(el('tr', {}, el('td', { text: c.day }), el('td', { text: c.district || '' }),
    el('td', { text: label('types', c.type) }), el('td', { text: c.count })));
  $('#main').replaceChildren(el('div', { class: 'card' }, el('h1', { text: t('summary') }), form,
    data.counts.length ? chart(data.counts) : el('p', { class: 'muted', id: 'no-counts', text: t('noCounts') })),
    el('div', { class: 'card' }, el('table', { id: 'daily' }, el('thead', {}, el('tr', {},
      ...['day', 'district', 'type', 'count'].map(k => el('th', { text: t(k) })))), tbody)));
}

// Stacked horizontal bars: one per district, one colour per alert type, summed over the chosen days.
function chart(counts) {
  const NS = 'http://www.w3.org/2000/svg';
  const svgEl = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const districts = [...new Set(counts.map(c => c.district || ''))].sort();
  const types = [...new Set(counts.map(c => c.type))].sort((x, y) => (TYPES.indexOf(x) + 99 * (TYPES.indexOf(x) < 0)) - (TYPES.indexOf(y) + 99 * (TYPES.indexOf(y) < 0)));
  const sums = {};
  for (const c of counts) { const k = (c.district || '') + '\u0000' + c.type; sums[k] = (sums[k] || 0) + c.count; }
  const totals = districts.map(d => types.reduce((s, ty) => s + (sums[d + '\u0000' + ty] || 0), 0));
  const max = Math.max(1, ...totals);
  const left = 110, width = 560, barH = 22, gap = 10, top = 10;
  const h = top + districts.length * (barH + gap) + 20;
  const svg = svgEl('svg', { class: 'chart', id: 'daily-chart', width: left + width + 60, height: h,
    viewBox: '0 0 ' + (left + width + 60) + ' ' + h, role: 'img', 'aria-label': t('summary') });
  districts.forEach((d, i) => {
    const y = top + i * (barH + gap);
    svg.append(svgEl('text', { x: left - 8, y: y + barH / 2 + 4, 'text-anchor': 'end' }, d));
    let x = left;
    types.forEach((ty, j) => {
      const n = sums[d + '\u0000' + ty] || 0;
      if (!n) return;
      const w = Math.max(1, width * n / max);
      const r = svgEl('rect', { x, y, width: w, height: barH, fill: COLORS[j % COLORS.length], 'data-district': d, 'data-type': ty });
      r.append(svgEl('title', {}, d + ' · ' + label('types', ty) + ': ' + n));
      svg.append(r);
      x += w;
    });
    svg.append(svgEl('text', { x: x + 6, y: y + barH / 2 + 4 }, String(totals[i])));
  });
  const legend = el('div', { class: 'legend' }, ...types.map((ty, j) => {
    const sw = el('i'); sw.style.background = COLORS[j % COLORS.length];
    return el('span', {}, sw, label('types', ty));
  }));
  return el('div', {}, legend, svg);
}

// ---- header buttons and boot ----
async function switchLang() {
  const lang = state.lang === 'zh' ? 'en' : 'zh';
  try { state.me = await api('POST', '/lang', { lang }); } catch (e) { return; }
  state.lang = state.me.lang;
  route();
}

document.addEventListener('DOMContentLoaded', async () => {
  $('#lang-toggle').addEventListener('click', switchLang);
  $('#logout').addEventListener('click', async () => { try { await api('POST', '/logout', {}); } catch (e) { /* gone */ } showLogin(); });
  try {
    const res = await fetch('/api/console/me', { credentials: 'same-origin' });
    const data = await res.json();
    if (res.ok) { state.me = data; state.lang = data.lang; start(); return; }
    state.lang = data.defaultLanguage || 'zh';
  } catch (e) { /* fall through to the login form */ }
  showLogin();
});
