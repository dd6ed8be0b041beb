/*
 * Ficus operator page. Plain JavaScript, no framework, no build step.
 * Every value from the API is inserted with textContent (route ids come from configuration).
 * The bearer token lives in sessionStorage only; it never goes into the URL.
 */
'use strict';

const TOKEN_KEY = 'ficus.adminToken';
const INTERVAL_KEY = 'ficus.refreshSeconds';
const DEFAULT_INTERVAL_SECONDS = 3;
const DASH = '\u2013';

const page = {
  timer: null,
  routes: new Map(),   // id -> last route object seen
  rows: new Map(),     // id -> <tr>
};

/** An answer of the admin API that is not 2xx. */
class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

function byId(id) {
  return document.getElementById(id);
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

function refreshSeconds() {
  const value = Number(byId('interval').value);
  return Number.isInteger(value) && value >= 1 && value <= 3600 ? value : DEFAULT_INTERVAL_SECONDS;
}

async function api(method, path, body, headers) {
  const init = { method: method, headers: Object.assign({ 'Accept': 'application/json' }, headers || {}),
    cache: 'no-store', credentials: 'omit' };
  if (token()) {
    init.headers['Authorization'] = 'Bearer ' + token();
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const json = text ? parseJson(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (ignored) {
    return null;
  }
}

function describeError(error) {
  if (!(error instanceof ApiError)) {
    return 'Network error: cannot reach the gateway\u2019s management port (' + error.message + ').';
  }
  switch (error.status) {
    case 401:
      return '401 Unauthorized: the token is missing or unknown. Paste a valid admin token.';
    case 403:
      return '403 Forbidden: this token may only read. Changing weights needs an operator token.';
    default:
      return error.status + ': ' + error.message;
  }
}

function showStatus(text, isError) {
  const status = byId('status');
  status.textContent = text;
  status.classList.toggle('error', Boolean(isError));
}

function showNotice(text) {
  const notice = byId('notice');
  notice.textContent = text;
  notice.hidden = !text;
}

/* ---------- refreshing ---------- */

async function refresh() {
  clearTimeout(page.timer);
  if (!token()) {
    showStatus('Paste an admin token to load the routes.', true);
    return;
  }
  try {
    const routes = await api('GET', '/admin/routes');
    render(routes);
    showStatus('Updated ' + new Date().toLocaleTimeString() + ' \u00b7 ' + routes.length + ' routes \u00b7 every '
      + refreshSeconds() + ' s', false);
  } catch (error) {
    showStatus(describeError(error), true);
  } finally {
    clearTimeout(page.timer); // a refresh that overlapped this one must not leave a second loop running
    page.timer = setTimeout(refresh, refreshSeconds() * 1000);
  }
}

function render(routes) {
  const seen = new Set();
  for (const route of routes) {
    seen.add(route.id);
    page.routes.set(route.id, route);
    fillRow(rowFor(route.id), route);
  }
  for (const [id, row] of page.rows) {
    if (!seen.has(id)) {
      row.remove();
      page.rows.delete(id);
      page.routes.delete(id);
    }
  }
}

/* ---------- one row per route ---------- */

const COLUMNS = ['id', 'paths', 'weight', 'stickiness', 'split', 'modern', 'legacy', 'breakers', 'rollout', 'change'];

function rowFor(id) {
  let row = page.rows.get(id);
  if (row) {
    return row;
  }
  row = document.createElement('tr');
  row.dataset.route = id;
  for (const column of COLUMNS) {
    const cell = document.createElement('td');
    cell.className = column;
    row.appendChild(cell);
  }
  row.querySelector('td.change').append(...changeControls(id));
  document.querySelector('#routes tbody').appendChild(row);
  page.rows.set(id, row);
  return row;
}

function changeControls(id) {
  const input = document.createElement('input');
  input.type = 'number';
  input.min = '0';
  input.max = '100';
  input.step = '1';
  input.className = 'new-weight';
  input.setAttribute('aria-label', 'new weight for ' + id);
  const set = button('Set', 'set-weight', () => setWeight(id, input));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      setWeight(id, input);
    }
  });
  const rollback = button('Rollback', 'rollback-route secondary', () => rollback([id]));
  return [input, ' ', set, ' ', rollback];
}

function button(label, className, onClick) {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = label;
  element.className = className;
  element.addEventListener('click', onClick);
  return element;
}

function fillRow(row, route) {
  cell(row, 'id').textContent = route.id;
  cell(row, 'paths').textContent = (route.paths || []).join(', ');
  fillWeight(cell(row, 'weight'), route.weight);
  cell(row, 'stickiness').textContent = route.stickiness || DASH;
  fillSplit(cell(row, 'split'), route.traffic);
  fillSide(cell(row, 'modern'), route.traffic && route.traffic.modern);
  fillSide(cell(row, 'legacy'), route.traffic && route.traffic.legacy);
  fillBreakers(cell(row, 'breakers'), route.breakers);
  fillRollout(cell(row, 'rollout'), route.rollout);
  const input = row.querySelector('input.new-weight');
  input.placeholder = String(route.weight);
}

function cell(row, column) {
  return row.querySelector('td.' + column);
}

function fillWeight(target, weight) {
  const bar = document.createElement('div');
  bar.className = 'bar';
  bar.title = weight + ' % to modern';
  const fill = document.createElement('div');
  fill.className = 'fill';
  fill.style.width = Math.max(0, Math.min(100, Number(weight) || 0)) + '%';
  bar.appendChild(fill);
  const number = document.createElement('span');
  number.className = 'number';
  number.textContent = weight + ' %';
  const wrapper = document.createElement('div');
  wrapper.className = 'weight-bar';
  wrapper.append(bar, number);
  target.replaceChildren(wrapper);
}

function fillSplit(target, traffic) {
  // No requests in the window: nothing to show (a 0 % split would read as "all legacy").
  if (!traffic || !isNumber(traffic.modernShare) || sideRequests(traffic.modern) + sideRequests(traffic.legacy) === 0) {
    target.textContent = DASH;
    return;
  }
  const requests = sideRequests(traffic.modern) + sideRequests(traffic.legacy);
  target.textContent = traffic.modernShare.toFixed(1) + ' % modern';
  target.title = requests + ' requests in the last ' + (traffic.window || 'window');
}

function sideRequests(side) {
  return side && isNumber(side.requests) ? side.requests : 0;
}

function fillSide(target, side) {
  target.classList.add('num');
  if (!side || side.requests === 0) {
    target.textContent = DASH;
    return;
  }
  const errors = document.createElement('span');
  errors.textContent = isNumber(side.errorRate) ? side.errorRate.toFixed(1) + ' %' : DASH;
  if (isNumber(side.errorRate) && side.errorRate >= 1) {
    errors.className = 'bad';
  }
  const p99 = isNumber(side.p99Ms) ? formatMillis(side.p99Ms) : DASH;
  target.replaceChildren(errors, ' \u00b7 ' + p99);
  target.title = (isNumber(side.requests) ? side.requests + ' requests, ' : '')
    + (isNumber(side.failures) ? side.failures + ' failures, ' : '')
    + (isNumber(side.p50Ms) ? 'p50 ' + formatMillis(side.p50Ms) + ', ' : '')
    + (isNumber(side.rps) ? side.rps.toFixed(1) + ' req/s' : '');
}

function formatMillis(value) {
  return (value < 10 ? value.toFixed(1) : Math.round(value)) + ' ms';
}

function fillBreakers(target, breakers) {
  if (!breakers) {
    target.textContent = DASH;
    return;
  }
  const badges = ['modern', 'legacy'].filter((side) => breakers[side]).map((side) => {
    const badge = document.createElement('span');
    badge.className = 'badge ' + breakers[side];
    badge.dataset.side = side;
    badge.textContent = side + ': ' + breakers[side];
    return badge;
  });
  target.replaceChildren(...badges);
}

function fillRollout(target, rollout) {
  if (!rollout) {
    target.textContent = DASH;
    return;
  }
  const badge = document.createElement('span');
  badge.className = 'badge ' + rollout.state;
  badge.textContent = rollout.state || DASH;
  const parts = [];
  if (isNumber(rollout.step)) {
    parts.push('step ' + rollout.step);
  }
  if (isNumber(rollout.weight)) {
    parts.push(rollout.weight + ' %');
  }
  if (rollout.nextDecisionAt) {
    parts.push('next ' + new Date(rollout.nextDecisionAt).toLocaleTimeString());
  }
  target.replaceChildren(badge, parts.length ? ' ' + parts.join(' \u00b7 ') : '');
}

function isNumber(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/* ---------- changes ---------- */

async function setWeight(id, input) {
  const weight = Number(input.value);
  if (input.value === '' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
    showNotice(id + ': weight ' + (input.value || '(empty)') + ' (expected: an integer 0..100)');
    return;
  }
  const route = page.routes.get(id);
  if (!route) {
    showNotice(id + ': not loaded yet, wait for the next refresh');
    return;
  }
  try {
    await api('PUT', '/admin/routes/' + encodeURIComponent(id) + '/weight',
      { weight: weight, reason: reason() }, { 'If-Match': route.etag });
    input.value = '';
    showNotice(id + ': weight ' + route.weight + ' \u2192 ' + weight + ' %');
  } catch (error) {
    showNotice(error instanceof ApiError && error.status === 412
      ? id + ' was changed by someone else, reloaded. Check the new weight and try again.'
      : id + ': ' + describeError(error));
  }
  await refresh();
}

async function rollback(ids) {
  const what = ids ? 'route ' + ids.join(', ') : 'EVERY route';
  if (!window.confirm('Roll back ' + what + ' to 0 % (all traffic to legacy)?')) {
    return;
  }
  const body = ids ? { routes: ids, reason: reason() } : { reason: reason() };
  try {
    const answer = await api('POST', '/admin/rollback', body);
    showNotice('Rolled back ' + answer.routes.map((route) => route.id).join(', ') + ' to 0 %');
  } catch (error) {
    showNotice('Rollback failed: ' + describeError(error));
  }
  await refresh();
}

function reason() {
  const text = byId('reason').value.trim();
  return text || 'operator page';
}

/* ---------- wiring ---------- */

function saveToken(event) {
  event.preventDefault();
  const value = byId('token').value.trim();
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  }
  byId('token').value = '';
  byId('token').placeholder = token() ? 'token set for this tab' : 'paste a bearer token';
  showNotice('');
  refresh();
}

function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
  byId('token').placeholder = 'paste a bearer token';
  refresh();
}

function changeInterval() {
  sessionStorage.setItem(INTERVAL_KEY, String(refreshSeconds()));
  refresh();
}

function start() {
  byId('interval').value = sessionStorage.getItem(INTERVAL_KEY) || DEFAULT_INTERVAL_SECONDS;
  byId('token').placeholder = token() ? 'token set for this tab' : 'paste a bearer token';
  byId('token-form').addEventListener('submit', saveToken);
  byId('token-forget').addEventListener('click', forgetToken);
  byId('interval').addEventListener('change', changeInterval);
  byId('rollback-all').addEventListener('click', () => rollback(null));
  refresh();
}

document.addEventListener('DOMContentLoaded', start);
