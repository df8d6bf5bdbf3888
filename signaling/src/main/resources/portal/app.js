// Switchboard portal: Alpine.js components over the admin API (same origin, session cookie).
'use strict';

/** A refusal of the API: its {"error", "field"} body, the status, and Retry-After when given. */
class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super((body && body.error) || ('HTTP ' + status));
    this.status = status;
    this.field = body && body.field;
    this.retryAfter = retryAfter;
    this.problems = (body && Array.isArray(body.problems)) ? body.problems : []; // IVR: [{line, reason}]
  }
}

/**
 * Every call of the portal goes through here. The cookie authenticates (HttpOnly, so the page never
 * sees it); X-Switchboard-Portal keeps a 401 from popping the browser's Basic-auth dialog; state
 * changes carry the CSRF token the session gave us. JSON both ways unless `opts` says otherwise:
 * `opts.type` sends `body` as is with that Content-Type, `opts.accept` answers the text as is.
 */
async function api(method, path, body, opts = {}) {
  const headers = { 'Accept': opts.accept || 'application/json', 'X-Switchboard-Portal': '1' };
  if (body !== undefined) headers['Content-Type'] = opts.type || 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = Alpine.store('session').csrf || '';
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : (opts.type ? body : JSON.stringify(body)),
  });
  let data = null;
  const text = res.status === 204 ? '' : await res.text();
  if (res.ok && opts.accept) return text;
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = { error: text }; }
  }
  // A lapsed session (idle timeout, sign-out elsewhere): back to the sign-in view.
  if (res.status === 401 && path !== '/portal/api/login') Alpine.store('session').lost();
  if (!res.ok) throw new ApiError(res.status, data, res.headers.get('Retry-After'));
  return data;
}

/** A form's errors keyed by the API's field name; "_" holds a message that names no field we show. */
function fieldErrors(e, shown) {
  const field = e instanceof ApiError && shown.includes(e.field) ? e.field : '_';
  return { [field]: e.message };
}

/** A number field as the API wants it: a number when it reads as one, else the text (the API names what is wrong). */
function numberOrText(v) {
  const t = String(v == null ? '' : v).trim();
  return t !== '' && !isNaN(Number(t)) ? Number(t) : t;
}

const fmt = {
  word: s => s ? s.charAt(0).toUpperCase() + s.slice(1).toLowerCase() : '',
  time: v => {
    if (!v) return '—';
    const d = new Date(v);
    return isNaN(d) ? String(v) : d.toLocaleString();
  },
  seconds: ms => ms == null ? '—' : fmt.span(ms),
  span: ms => {
    const s = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(r).padStart(2, '0');
  },
  ago: (ms, now) => {
    if (!ms) return '—';
    const s = Math.max(0, Math.round((now - ms) / 1000));
    if (s < 90) return s + ' s ago';
    if (s < 5400) return Math.round(s / 60) + ' min ago';
    if (s < 129600) return Math.round(s / 3600) + ' h ago';
    return new Date(ms).toLocaleString();
  },
  range: (offset, count, total) => count === 0 ? '0 of ' + total
    : (offset + 1) + '–' + (offset + count) + ' of ' + total,
};

/**
 * Runs fn every `ms` while `active()` holds, at once when it becomes true, never while the tab is
 * hidden or a previous run is still waiting for the API.
 */
function poller(component, active, fn, ms) {
  let busy = false;
  const tick = async () => {
    if (busy || !active() || document.hidden) return;
    busy = true;
    try { await fn(); } finally { busy = false; }
  };
  component.$watch(() => active(), on => { if (on) tick(); });
  const timer = setInterval(tick, ms);
  tick();
  return () => clearInterval(timer);
}

document.addEventListener('alpine:init', () => {
  // --- session and routing --------------------------------------------------------------------
  Alpine.store('session', {
    state: 'checking', // checking | out | in
    csrf: null,
    async init() {
      try {
        const s = await api('GET', '/portal/api/session');
        this.signedIn(s.csrf);
      } catch (e) {
        this.lost();
      }
    },
    signedIn(csrf) {
      this.csrf = csrf;
      this.state = 'in';
      if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/dashboard';
    },
    lost() {
      this.csrf = null;
      this.state = 'out';
    },
    async signOut() {
      try { await api('POST', '/portal/api/logout'); } catch (e) { /* signed out either way */ }
      this.lost();
    },
  });

  const pages = ['dashboard', 'servers', 'users', 'calls', 'cdrs', 'queues', 'rooms', 'ivr', 'trunks', 'groups'];
  const nav = Alpine.reactive({ page: 'dashboard', open: false });
  const route = () => {
    const p = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
    nav.page = pages.includes(p) ? p : 'dashboard';
    nav.open = false; // a phone's collapsed menu closes once a page is picked
  };
  window.addEventListener('hashchange', route);
  route();
  Alpine.store('nav', nav);

  const visible = page => () => Alpine.store('session').state === 'in' && Alpine.store('nav').page === page;

  // --- sign-in --------------------------------------------------------------------------------
  Alpine.data('signIn', () => ({
    password: '',
    error: '',
    busy: false,
    async submit() {
      this.busy = true;
      this.error = '';
      try {
        const s = await api('POST', '/portal/api/login', { password: this.password });
        this.password = '';
        Alpine.store('session').signedIn(s.csrf);
      } catch (e) {
        // 401 wrong password, 429 lockout: the API's message says which (and how long to wait).
        this.error = e.message;
      } finally {
        this.busy = false;
      }
    },
  }));

  // --- dashboard ------------------------------------------------------------------------------
  // GET /api/stats/history: {intervalSeconds, points: [{t, registrations, calls, nodes: {name: sessions}}]},
  // oldest first, at most an hour. Three uPlot charts over the last hour; the figures above them are the
  // newest point, as text.
  const HOUR = 3600;
  const CHART_HEIGHT = 220;
  const COLOURS = ['#1f5fbf', '#0d6b2e', '#b3261e', '#7a4a00', '#6a3fb5', '#00727a', '#a3167a', '#4a5360'];
  const COUNT_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000,
    500000, 1000000];

  Alpine.data('dashboard', () => {
    // uPlot instances stay outside Alpine's reactive proxies.
    const charts = {};
    let end = Date.now() / 1000; // the right edge of the x axis: the newest point
    let observer = null;

    const opts = (width, series) => ({
      width,
      height: CHART_HEIGHT,
      series: [{}, ...series],
      scales: {
        x: { time: true, range: () => [end - HOUR, end] },
        y: { range: (u, min, max) => [0, Math.max(1, Math.ceil((max || 0) * 1.1))] },
      },
      axes: [
        { stroke: '#5a6472', grid: { stroke: '#e6e9ee' } },
        { stroke: '#5a6472', grid: { stroke: '#e6e9ee' }, incrs: COUNT_INCRS, size: 50 },
      ],
      cursor: { drag: { x: false, y: false } },
    });
    const line = (label, i) => ({ label, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: false,
      value: (u, v) => v == null ? '—' : v });

    return {
      points: [],
      nodes: [],
      loaded: false,
      error: '',
      updated: '',

      init() {
        const stop = poller(this, visible('dashboard'), () => this.refresh(), 10000);
        // The charts take their container's width: on a window resize, a phone's rotation, and once the
        // page shows (a hidden page's containers have no width).
        observer = new ResizeObserver(() => this.resize());
        for (const k of ['registrations', 'calls', 'sessions']) observer.observe(this.$refs[k]);
        this.destroy = () => {
          stop();
          observer.disconnect();
          for (const k in charts) charts[k].destroy();
        };
      },
      async refresh() {
        try {
          const data = await api('GET', '/api/stats/history');
          this.points = data.points || [];
          this.loaded = true;
          this.error = '';
          this.updated = 'Updated ' + new Date().toLocaleTimeString();
          this.draw();
        } catch (e) {
          if (e.status !== 401) this.error = e.message;
        }
      },
      /** The newest point's value, or a dash before there is one. */
      current(key) {
        const p = this.points[this.points.length - 1];
        return p && p[key] != null ? String(p[key]) : '—';
      },
      nodeNow(name) {
        const p = this.points[this.points.length - 1];
        const v = p && p.nodes ? p.nodes[name] : null;
        return v == null ? '—' : String(v);
      },
      width(el) { return Math.max(200, Math.floor(el.clientWidth)); },
      draw() {
        const pts = this.points;
        const xs = pts.map(p => p.t / 1000);
        end = xs.length ? Math.max(xs[xs.length - 1], Date.now() / 1000 - 1) : Date.now() / 1000;
        // Every node seen in the hour, in name order; a node missing from a point is a gap there.
        const names = [...new Set(pts.flatMap(p => Object.keys(p.nodes || {})))].sort();
        const num = v => v == null ? null : v;
        const sets = {
          registrations: { series: [line('Registrations', 0)], data: [xs, pts.map(p => num(p.registrations))] },
          calls: { series: [line('Active calls', 1)], data: [xs, pts.map(p => num(p.calls))] },
          sessions: {
            series: names.map((n, i) => line(n, i)),
            data: [xs, ...names.map(n => pts.map(p => num(p.nodes ? p.nodes[n] : null)))],
          },
        };
        const nodesChanged = names.join('\n') !== this.nodes.join('\n');
        this.nodes = names;
        for (const k in sets) {
          const el = this.$refs[k];
          if (charts[k] && k === 'sessions' && nodesChanged) { // its series are the nodes: start over
            charts[k].destroy();
            delete charts[k];
          }
          if (charts[k]) {
            charts[k].setData(sets[k].data);
          } else {
            charts[k] = new uPlot(opts(this.width(el), sets[k].series), sets[k].data, el);
          }
        }
      },
      resize() {
        for (const k in charts) {
          const el = this.$refs[k];
          if (el.clientWidth === 0) continue; // hidden: sized when it shows again
          const w = this.width(el);
          if (charts[k].width !== w) charts[k].setSize({ width: w, height: CHART_HEIGHT });
        }
      },
    };
  });

  // --- servers --------------------------------------------------------------------------------
  const SERVER_FIELDS = ['name', 'privateAddress', 'publicAddress', 'maxSessions', 'enabled'];
  const emptyForm = () => ({ open: false, edit: false, busy: false, errors: {},
    name: '', privateAddress: '', publicAddress: '', maxSessions: '', enabled: true });

  Alpine.data('servers', () => ({
    types: [
      { key: 'media', label: 'Media Servers' },
      { key: 'queue', label: 'Queue Servers' },
      { key: 'meeting', label: 'Meeting Servers' },
      { key: 'ivr', label: 'IVR Servers' },
    ],
    type: 'media',
    rows: [],
    loaded: false,
    error: '',
    updated: '',
    now: Date.now(),
    deploy: null,
    copied: false,
    form: emptyForm(),

    init() {
      this.destroy = poller(this, visible('servers'), () => this.refresh(), 2000);
    },
    label() { return this.types.find(t => t.key === this.type).label; },
    select(key) {
      if (key === this.type) return;
      this.type = key;
      this.rows = [];
      this.loaded = false;
      this.deploy = null;
      this.refresh();
    },
    move(step) { // arrow keys between tabs, as the ARIA tab pattern has it
      const i = (this.types.findIndex(t => t.key === this.type) + step + this.types.length) % this.types.length;
      this.select(this.types[i].key);
      this.$nextTick(() => document.getElementById('tab-' + this.type).focus());
    },
    async refresh() {
      const type = this.type;
      try {
        const data = await api('GET', '/api/servers?type=' + type);
        if (type !== this.type) return; // the tab changed while we waited
        // x-for keyed by name patches the rows in place, so focus and scroll survive each poll.
        this.rows = data.items;
        this.now = Date.now();
        this.loaded = true;
        this.updated = 'Updated ' + new Date(this.now).toLocaleTimeString();
        this.error = '';
      } catch (e) {
        if (e.status !== 401) this.error = e.message;
      }
    },
    word: fmt.word,
    ago(ms) { return fmt.ago(ms, this.now); },
    sessions(s) {
      // Signaling gives a server the smaller of the row's maximum and the node's own capacity.
      const limits = [s.maxSessions, s.capacity].filter(n => n > 0);
      return s.activeSessions + ' / ' + (limits.length ? Math.min(...limits) : '—');
    },
    async setEnabled(s, on) {
      try {
        await api('POST', '/api/servers/' + encodeURIComponent(s.name) + (on ? '/enable' : '/disable'));
        await this.refresh();
      } catch (e) {
        this.error = e.message;
      }
    },
    async remove(s) {
      if (!confirm('Remove ' + s.name + ' from the inventory? It gets no new sessions from then on.')) return;
      try {
        await api('DELETE', '/api/servers/' + encodeURIComponent(s.name));
        await this.refresh();
      } catch (e) {
        this.error = e.message; // e.g. 409: a default server can be disabled, not removed
      }
    },
    openAdd(unknown) {
      this.form = emptyForm();
      if (unknown) { // adding a node that already heartbeats: take its name and addresses
        this.form.name = unknown.name;
        this.form.privateAddress = unknown.privateAddress || '';
        this.form.publicAddress = unknown.publicAddress || '';
      }
      this.openDialog();
    },
    openEdit(s) {
      this.form = Object.assign(emptyForm(), {
        edit: true, name: s.name, privateAddress: s.privateAddress, publicAddress: s.publicAddress || '',
        maxSessions: s.maxSessions == null ? '' : String(s.maxSessions), enabled: s.enabled,
      });
      this.openDialog();
    },
    openDialog() {
      this.form.open = true;
      this.$refs.dialog.showModal();
      this.$nextTick(() => document.getElementById(this.form.edit ? 'server-privateAddress' : 'server-name').focus());
    },
    async save() {
      const f = this.form;
      const body = { privateAddress: f.privateAddress.trim(), enabled: f.enabled };
      if (this.type === 'media') body.publicAddress = f.publicAddress.trim();
      // Sent as typed: the API, not the page, says what is allowed, and its message shows by the field.
      if (String(f.maxSessions).trim() !== '') body.maxSessions = Number(f.maxSessions);
      f.busy = true;
      f.errors = {};
      try {
        let saved;
        if (f.edit) {
          saved = await api('PUT', '/api/servers/' + encodeURIComponent(f.name), body);
        } else {
          saved = await api('POST', '/api/servers', Object.assign({ name: f.name.trim(), type: this.type }, body));
          this.deploy = saved.isDefault ? null : {
            name: saved.name,
            command: './switchboard extend run -s ' + this.type + '-server-only -n ' + saved.name
              + ' -a ' + saved.privateAddress,
          };
          this.copied = false;
        }
        this.$refs.dialog.close();
        await this.refresh();
      } catch (e) {
        f.errors = fieldErrors(e, SERVER_FIELDS);
      } finally {
        f.busy = false;
      }
    },
    async copy() {
      try {
        await navigator.clipboard.writeText(this.deploy.command);
        this.copied = true;
      } catch (e) {
        // No clipboard (e.g. plain http from another host): select the text for Ctrl+C instead.
        const range = document.createRange();
        range.selectNodeContents(document.getElementById('deploy-command'));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
      }
    },
  }));

  // --- users ----------------------------------------------------------------------------------
  const USER_FIELDS = ['extension', 'password', 'displayName'];
  const emptyUser = () => ({ extension: '', password: '', displayName: '', errors: {}, busy: false });
  const emptyEdit = () => ({ extension: '', password: '', displayName: '', enabled: true, errors: {}, busy: false });
  const emptyImport = () => ({ busy: false, progress: 0, phase: '', report: null, error: '' });

  Alpine.data('users', () => ({
    items: [],
    total: 0,
    limit: 50,
    q: '',
    // Keyset paging (the API's ?after= and next): the cursor of each page we came through, so
    // Previous steps back, and a page deep in a million users costs what the first does.
    cursors: [''],
    next: null,
    loaded: false,
    error: '',
    form: emptyUser(),
    edit: emptyEdit(),
    regs: {}, // extension -> its live contacts, for the page shown
    imp: emptyImport(),
    now: Date.now(),

    init() {
      // The list is loaded on each visit, not polled: it changes only by hand. The registrations of
      // the page shown are live: one request for the whole page every 5 s.
      this.$watch(() => visible('users')(), on => { if (on) this.load(); });
      if (visible('users')()) this.load();
      this.destroy = poller(this, visible('users'), () => this.refreshRegs(), 5000);
    },
    async refreshRegs() {
      const exts = this.items.map(u => u.extension);
      if (exts.length === 0) {
        this.regs = {};
        return;
      }
      try {
        const data = await api('GET', '/api/registrations?ext=' + encodeURIComponent(exts.join(',')));
        const regs = {};
        for (const r of data.items) regs[r.extension] = r.contacts;
        this.regs = regs;
        this.now = Date.now();
      } catch (e) {
        if (e.status !== 401) this.error = e.message;
      }
    },
    contacts(u) { return this.regs[u.extension] || []; },
    registered(u) {
      const n = this.contacts(u).length;
      return n === 0 ? 'No' : n === 1 ? '1 phone' : n + ' phones';
    },
    contactLine(c) {
      return (c.userAgent ? c.userAgent + ' at ' : '') + c.source + ' (' + (c.transport || 'udp').toUpperCase()
        + '), expires in ' + fmt.span(c.expiresInSeconds * 1000);
    },
    // --- a user's call features: GET, edited in a dialog, PUT whole (the API names a refused field) ---
    features: { extension: '', errors: {}, busy: false },
    async openFeatures(u) {
      try {
        const f = await api('GET', '/api/users/' + encodeURIComponent(u.extension) + '/features');
        this.features = Object.assign({ errors: {}, busy: false }, f);
        this.$refs.featuresDialog.showModal();
        this.$nextTick(() => document.getElementById('features-dnd').focus());
      } catch (e) {
        this.error = e.message;
      }
    },
    async saveFeatures() {
      const f = this.features;
      const body = { dnd: f.dnd, withholdCallerId: f.withholdCallerId, noAnswerSeconds: numberOrText(f.noAnswerSeconds) };
      for (const k of ['forwardAlways', 'forwardBusy', 'forwardNoAnswer', 'forwardUnregistered', 'callerId']) {
        body[k] = String(f[k] || '').trim();
      }
      f.busy = true;
      f.errors = {};
      try {
        await api('PUT', '/api/users/' + encodeURIComponent(f.extension) + '/features', body);
        this.$refs.featuresDialog.close();
      } catch (e) {
        f.errors = fieldErrors(e, ['forwardAlways', 'forwardBusy', 'forwardNoAnswer', 'noAnswerSeconds', 'forwardUnregistered',
          'callerId']);
      } finally {
        f.busy = false;
      }
    },
    openEdit(u) {
      this.edit = Object.assign(emptyEdit(), { extension: u.extension, displayName: u.displayName || '', enabled: u.enabled });
      this.$refs.userDialog.showModal();
      this.$nextTick(() => document.getElementById('user-edit-displayName').focus());
    },
    async saveEdit() {
      const f = this.edit;
      const body = { displayName: f.displayName.trim(), enabled: f.enabled };
      if (f.password !== '') body.password = f.password; // empty: the password stays
      f.busy = true;
      f.errors = {};
      try {
        await api('PUT', '/api/users/' + encodeURIComponent(f.extension), body);
        this.$refs.userDialog.close();
        this.edit = emptyEdit();
        await this.load();
      } catch (e) {
        f.errors = fieldErrors(e, ['displayName', 'password']);
      } finally {
        f.busy = false;
      }
    },
    /**
     * POST /api/users/import with the chosen file. XMLHttpRequest, not fetch, for its upload progress:
     * the server imports as it reads the body, so what has been sent tracks what has been imported
     * (within the socket buffers); then it answers with the counts and every refused line.
     */
    importCsv() {
      const file = this.$refs.csvFile.files[0];
      this.imp = emptyImport();
      if (!file) {
        this.imp.error = 'Choose a CSV file first.';
        return;
      }
      const imp = this.imp;
      imp.busy = true;
      imp.phase = 'Sending ' + file.name + '…';
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/users/import');
      xhr.setRequestHeader('Content-Type', 'text/csv');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('X-Switchboard-Portal', '1');
      xhr.setRequestHeader('X-CSRF-Token', Alpine.store('session').csrf || '');
      xhr.upload.onprogress = e => {
        if (!e.lengthComputable) return;
        imp.progress = Math.round(100 * e.loaded / e.total);
        imp.phase = imp.progress < 100 ? 'Importing ' + file.name + '…' : 'Finishing…';
      };
      xhr.onload = () => {
        imp.busy = false;
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON: said below */ }
        if (xhr.status === 401) {
          Alpine.store('session').lost();
        } else if (xhr.status === 200 && body) {
          imp.progress = 100;
          imp.phase = '';
          imp.report = body;
          this.load();
        } else {
          imp.error = (body && body.error) || ('The import failed: HTTP ' + xhr.status);
        }
      };
      xhr.onerror = () => {
        imp.busy = false;
        imp.error = 'The import was cut off (connection lost); lines already read were imported. Import the file again: it is safe to repeat.';
      };
      xhr.send(file);
    },
    async load() {
      try {
        const q = new URLSearchParams({ q: this.q.trim(), after: this.cursors[this.cursors.length - 1], limit: this.limit });
        const data = await api('GET', '/api/users?' + q);
        this.items = data.items;
        this.total = data.total;
        this.next = data.next;
        this.loaded = true;
        this.error = '';
        this.refreshRegs();
        // The last page emptied by a delete: step back to one that has rows.
        if (this.items.length === 0 && this.cursors.length > 1) this.page(-1);
      } catch (e) {
        if (e.status !== 401) this.error = e.message; // a bad q (too long) shows here, by the search field
      }
    },
    search() {
      this.cursors = [''];
      this.load();
    },
    range() { return fmt.range((this.cursors.length - 1) * this.limit, this.items.length, this.total); },
    page(step) {
      if (step > 0 && this.next) this.cursors.push(this.next);
      if (step < 0 && this.cursors.length > 1) this.cursors.pop();
      this.load();
    },
    async add() {
      const f = this.form;
      f.busy = true;
      f.errors = {};
      try {
        await api('POST', '/api/users', {
          extension: f.extension.trim(), password: f.password, displayName: f.displayName.trim(),
        });
        this.form = emptyUser();
        await this.load();
      } catch (e) {
        f.errors = fieldErrors(e, USER_FIELDS);
      } finally {
        f.busy = false;
      }
    },
    async setEnabled(u, on) {
      try {
        await api('PUT', '/api/users/' + encodeURIComponent(u.extension), { enabled: on });
        await this.load();
      } catch (e) {
        this.error = e.message;
      }
    },
    async remove(u) {
      if (!confirm('Delete user ' + u.extension + '? Its phones can no longer register.')) return;
      try {
        await api('DELETE', '/api/users/' + encodeURIComponent(u.extension));
        await this.load();
      } catch (e) {
        this.error = e.message;
      }
    },
  }));

  // --- live calls -----------------------------------------------------------------------------
  Alpine.data('calls', () => ({
    items: [],
    loaded: false,
    error: '',
    now: Date.now(),
    init() {
      this.destroy = poller(this, visible('calls'), async () => {
        try {
          const data = await api('GET', '/api/calls');
          this.items = data.items;
          this.now = Date.now();
          this.loaded = true;
          this.error = '';
        } catch (e) {
          if (e.status !== 401) this.error = e.message;
        }
      }, 2000);
    },
    word: fmt.word,
    time: fmt.time,
    // An answered call lasts from its answer; a ringing one shows how long it has rung.
    duration(c) { return c.answeredAt ? fmt.span(this.now - c.answeredAt) : c.startedAt ? fmt.span(this.now - c.startedAt) : '—'; },
    leg(l) { return l ? l.peer + ' (' + (l.transport || 'udp').toUpperCase() + ')' : '—'; },
    notice: '',
    /** DELETE /api/calls/{id}: 202, the member holding the call sends the BYEs; the next poll drops the row. */
    async hangUp(c) {
      if (!confirm('Hang up the call ' + c.caller + ' → ' + c.callee + '? Both phones get BYE.')) return;
      try {
        await api('DELETE', '/api/calls/' + encodeURIComponent(c.id));
        this.notice = 'Hanging up ' + c.caller + ' → ' + c.callee + '.';
        this.error = '';
      } catch (e) {
        this.error = e.status === 404 ? 'That call has already ended.' : e.message;
      }
    },
  }));

  // --- CDRs -----------------------------------------------------------------------------------
  const CSV_COLUMNS = ['id', 'callId', 'caller', 'callee', 'startedAt', 'answeredAt', 'endedAt', 'durationMillis',
    'disposition', 'sipStatus', 'endedBy', 'mediaNode'];
  const CSV_MAX_ROWS = 10000;
  const CDR_FIELDS = ['from', 'to', 'ext', 'disposition'];
  const csvCell = v => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };

  const DISPOSITIONS = ['answered', 'busy', 'no_answer', 'cancelled', 'declined', 'not_found', 'unavailable', 'failed'];

  Alpine.data('cdrs', () => ({
    from: '',
    to: '',
    ext: '',
    disposition: '',
    dispositions: DISPOSITIONS,
    items: [],
    total: 0,
    offset: 0,
    limit: 50,
    loaded: false,
    exporting: false,
    errors: {},

    init() {
      this.$watch(() => visible('cdrs')(), on => { if (on) this.load(); });
      if (visible('cdrs')()) this.load();
    },
    /** The filter as query parameters: datetime-local is the browser's local time, the API wants instants. */
    filter() {
      const q = new URLSearchParams();
      for (const k of ['from', 'to']) {
        if (this[k]) {
          const d = new Date(this[k]);
          if (isNaN(d)) throw new ApiError(400, { field: k, error: k + ' is not a valid date and time' });
          q.set(k, d.toISOString());
        }
      }
      if (this.ext.trim()) q.set('ext', this.ext.trim());
      if (this.disposition) q.set('disposition', this.disposition);
      return q;
    },
    search() {
      this.offset = 0;
      this.load();
    },
    async load() {
      this.errors = {};
      try {
        const q = this.filter();
        q.set('offset', this.offset);
        q.set('limit', this.limit);
        const data = await api('GET', '/api/cdrs?' + q);
        this.items = data.items;
        this.total = data.total;
        this.loaded = true;
      } catch (e) {
        if (e.status !== 401) this.errors = fieldErrors(e, CDR_FIELDS);
      }
    },
    range() { return fmt.range(this.offset, this.items.length, this.total); },
    page(step) {
      this.offset = Math.max(0, this.offset + step * this.limit);
      this.load();
    },
    /** The whole filter, not just this page, up to 10,000 rows, fetched 1,000 at a time. */
    async csv() {
      this.exporting = true;
      this.errors = {};
      try {
        const lines = [CSV_COLUMNS.join(',')];
        for (let offset = 0; offset < CSV_MAX_ROWS; offset += 1000) {
          const q = this.filter();
          q.set('offset', offset);
          q.set('limit', Math.min(1000, CSV_MAX_ROWS - offset));
          const data = await api('GET', '/api/cdrs?' + q);
          for (const r of data.items) lines.push(CSV_COLUMNS.map(c => csvCell(r[c])).join(','));
          if (offset + data.items.length >= data.total || data.items.length === 0) break;
        }
        const url = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = 'cdrs-' + new Date().toISOString().replace(/[:.]/g, '-') + '.csv';
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      } catch (e) {
        if (e.status !== 401) this.errors = fieldErrors(e, CDR_FIELDS);
      } finally {
        this.exporting = false;
      }
    },
    time: fmt.time,
    seconds: fmt.seconds,
  }));

  // --- queues ---------------------------------------------------------------------------------
  const QUEUE_FIELDS = ['name', 'number', 'strategy'];
  const STRATEGIES = ['ringall', 'round-robin', 'least-recent', 'fewest-calls', 'longest-idle', 'random', 'linear',
    'weighted-random'];
  const emptyQueue = () => ({ name: '', number: '', strategy: 'ringall', errors: {}, busy: false });
  const emptyMember = () => ({ extension: '', tier: '1', weight: '1', errors: {}, busy: false });
  // The settings the portal edits; every other field is kept as GET gave it.
  const QUEUE_SETTINGS = [
    { key: 'ringTimeout', label: 'Ring timeout (s)' },
    { key: 'wrapUp', label: 'Wrap-up (s)' },
    { key: 'maxCallers', label: 'Max callers' },
    { key: 'maxWait', label: 'Max wait (s, 0 = none)' },
    { key: 'serviceLevel', label: 'Service level target (s)' },
    { key: 'tierWait', label: 'Tier wait (s)' },
    { key: 'announcePosition', label: 'Announce position every (s)' },
    { key: 'autoPauseMisses', label: 'Auto-pause after misses' },
  ];

  Alpine.data('queues', () => ({
    items: [],
    loaded: false,
    error: '',
    strategies: STRATEGIES,
    selected: null, // a queue's name
    stats: null,
    statsError: '',
    updated: '',
    form: emptyQueue(),

    init() {
      this.$watch(() => visible('queues')(), on => { if (on) this.load(); });
      if (visible('queues')()) this.load();
      // The wallboard: polled while a queue is open and the page shows.
      this.destroy = poller(this, () => visible('queues')() && this.selected !== null, () => this.refreshStats(), 2000);
    },
    async load() {
      try {
        const data = await api('GET', '/api/queues');
        this.items = data.items;
        this.loaded = true;
        this.error = '';
        if (this.selected && !this.items.some(q => q.name === this.selected)) this.close();
      } catch (e) {
        if (e.status !== 401) this.error = e.message;
      }
    },
    queue() { return this.items.find(q => q.name === this.selected) || null; },
    open(q) {
      if (this.selected === q.name) return;
      this.stats = null;
      this.statsError = '';
      this.updated = '';
      this.selected = q.name;
      this.$nextTick(() => document.getElementById('wallboard-title').focus());
    },
    close() {
      this.selected = null;
      this.stats = null;
    },
    async refreshStats() {
      const name = this.selected;
      try {
        const data = await api('GET', '/api/queues/' + encodeURIComponent(name) + '/stats');
        if (name !== this.selected) return;
        this.stats = data;
        this.statsError = '';
        this.updated = 'Updated ' + new Date().toLocaleTimeString();
      } catch (e) {
        if (e.status !== 401 && name === this.selected) this.statsError = e.message;
      }
    },
    async add() {
      const f = this.form;
      f.busy = true;
      f.errors = {};
      try {
        const q = await api('POST', '/api/queues', { name: f.name.trim(), number: f.number.trim(), strategy: f.strategy });
        this.form = emptyQueue();
        await this.load();
        this.open(q);
      } catch (e) {
        f.errors = fieldErrors(e, QUEUE_FIELDS);
      } finally {
        f.busy = false;
      }
    },
    async remove(q) {
      if (!confirm('Delete queue ' + q.name + ' (' + q.number + ')? Calls to its number are no longer queued.')) return;
      try {
        await api('DELETE', '/api/queues/' + encodeURIComponent(q.name));
        if (this.selected === q.name) this.close();
        await this.load();
      } catch (e) {
        this.error = e.message;
      }
    },
    // --- a queue's settings (PUT replaces the whole queue: the form edits a copy of GET's answer) ---
    settings: { errors: {}, busy: false, saved: '', values: {} },
    settingFields: QUEUE_SETTINGS,
    async openSettings() {
      try {
        const q = await api('GET', '/api/queues/' + encodeURIComponent(this.selected));
        const values = {};
        for (const f of ['strategy', ...QUEUE_SETTINGS.map(x => x.key)]) values[f] = q[f] == null ? '' : String(q[f]);
        this.settings = { errors: {}, busy: false, saved: '', values, full: q };
        this.$refs.queueDialog.showModal();
        this.$nextTick(() => document.getElementById('queue-set-strategy').focus());
      } catch (e) {
        this.statsError = e.message;
      }
    },
    async saveSettings() {
      const st = this.settings;
      const body = Object.assign({}, st.full, { strategy: st.values.strategy });
      for (const f of QUEUE_SETTINGS) body[f.key] = numberOrText(st.values[f.key]);
      st.busy = true;
      st.errors = {};
      try {
        await api('PUT', '/api/queues/' + encodeURIComponent(this.selected), body);
        this.$refs.queueDialog.close();
        await this.load();
        await this.refreshStats();
      } catch (e) {
        st.errors = fieldErrors(e, ['strategy', ...QUEUE_SETTINGS.map(x => x.key)]);
      } finally {
        st.busy = false;
      }
    },
    // --- members: POST adds or changes one, DELETE removes one ---
    member: emptyMember(),
    async addMember() {
      const m = this.member;
      m.busy = true;
      m.errors = {};
      try {
        await api('POST', '/api/queues/' + encodeURIComponent(this.selected) + '/members',
          { extension: m.extension.trim(), tier: numberOrText(m.tier || 1), weight: numberOrText(m.weight || 1) });
        this.member = emptyMember();
        await this.load();
        await this.refreshStats();
      } catch (e) {
        m.errors = fieldErrors(e, ['extension', 'tier', 'weight']);
        if (m.errors._ && /agent|member|extension|user/i.test(m.errors._)) m.errors = { extension: m.errors._ };
      } finally {
        m.busy = false;
      }
    },
    async removeMember(a) {
      if (!confirm('Remove agent ' + a.extension + ' from queue ' + this.selected + '?')) return;
      try {
        await api('DELETE', '/api/queues/' + encodeURIComponent(this.selected) + '/members/' + encodeURIComponent(a.extension));
        await this.load();
        await this.refreshStats();
      } catch (e) {
        this.statsError = e.message;
      }
    },
    word: fmt.word,
    seconds: s => s == null ? '—' : fmt.span(s * 1000),
    percent: v => v == null ? '—' : (Math.round(v * 10) / 10) + ' %',
  }));

  // --- rooms ----------------------------------------------------------------------------------
  const ROOM_FIELDS = ['number', 'name', 'pin', 'moderatorPin', 'maxParticipants'];
  const ROOM_SETTINGS = ['name', 'pin', 'moderatorPin', 'maxParticipants', 'talkers', 'waitForModerator', 'record',
    'announceJoinLeave'];
  const emptyRoom = () => ({ number: '', name: '', pin: '', moderatorPin: '', maxParticipants: '', errors: {}, busy: false });

  // --- trunks, DIDs and routes -----------------------------------------------------------------
  const TRUNK_FIELDS = ['name', 'kind', 'host', 'port', 'transport', 'username', 'password', 'addresses', 'callerId', 'codecs'];
  const emptyTrunk = () => ({ name: '', kind: 'ip', host: '', port: '', transport: 'udp', username: '', password: '',
    addresses: '', callerId: '', codecs: '', errors: {}, busy: false });
  const list = v => String(v || '').split(',').map(x => x.trim()).filter(x => x !== '');

  Alpine.data('trunks', () => ({
    items: [],
    dids: [],
    routes: [],
    loaded: false,
    error: '',
    form: emptyTrunk(),
    did: { number: '', destination: '', errors: {}, busy: false },

    init() {
      // Registration and keep-alive states change on their own: the page follows them.
      this.destroy = poller(this, () => visible('trunks')(), () => this.load(), 5000);
    },
    async load() {
      try {
        const [t, d, r] = await Promise.all([api('GET', '/api/trunks'), api('GET', '/api/dids'), api('GET', '/api/routes')]);
        this.items = t.items;
        this.dids = d.items;
        this.routes = r.items;
        this.loaded = true;
        this.error = '';
      } catch (e) {
        if (e.status !== 401) this.error = e.message;
      }
    },
    /** Registration state for a registration trunk, the OPTIONS keep-alive's for an IP trunk. */
    state(t) {
      if (!t.enabled) return 'disabled';
      if (t.registration) return t.registration.state;
      return t.keepalive ? 'keep-alive ' + t.keepalive.state : '—';
    },
    answer(t) {
      const a = t.registration ? t.registration.answer : (t.keepalive && t.keepalive.answer);
      return a || '—';
    },
    async add() {
      const f = this.form;
      const body = { name: f.name.trim(), kind: f.kind, host: f.host.trim(), transport: f.transport };
      if (String(f.port).trim() !== '') body.port = numberOrText(f.port);
      if (f.username.trim()) body.username = f.username.trim();
      if (f.password) body.password = f.password;
      if (list(f.addresses).length) body.addresses = list(f.addresses);
      if (f.callerId.trim()) body.callerId = f.callerId.trim();
      if (list(f.codecs).length) body.codecs = list(f.codecs);
      f.busy = true;
      f.errors = {};
      try {
        await api('POST', '/api/trunks', body);
        this.form = emptyTrunk();
        await this.load();
      } catch (e) {
        f.errors = fieldErrors(e, TRUNK_FIELDS);
      } finally {
        f.busy = false;
      }
    },
    async remove(t) {
      if (!confirm('Delete trunk ' + t.name + '? Routes naming it skip it; a registration trunk unregisters.')) return;
      try {
        await api('DELETE', '/api/trunks/' + encodeURIComponent(t.name));
        await this.load();
      } catch (e) {
        this.error = e.message;
      }
    },
    async addDid() {
      const d = this.did;
      d.busy = true;
      d.errors = {};
      try {
        await api('POST', '/api/dids', { number: d.number.trim(), destination: d.destination.trim() });
        this.did = { number: '', destination: '', errors: {}, busy: false };
        await this.load();
      } catch (e) {
        d.errors = fieldErrors(e, ['number', 'destination']);
      } finally {
        d.busy = false;
      }
    },
    async removeDid(d) {
      if (!confirm('Delete DID ' + d.number + '?')) return;
      try {
        await api('DELETE', '/api/dids/' + encodeURIComponent(d.number));
        await this.load();
      } catch (e) {
        this.error = e.message;
      }
    },
  }));

  // --- ring groups ----------------------------------------------------------------------------
  const GROUP_FIELDS = ['name', 'number', 'strategy', 'members', 'ringSeconds', 'fallthrough'];
  const emptyGroup = () => ({ name: '', number: '', strategy: 'all', members: '', ringSeconds: '', fallthrough: '',
    errors: {}, busy: false });

  Alpine.data('groups', () => ({
    items: [],
    loaded: false,
    error: '',
    form: emptyGroup(),

    init() {
      this.$watch(() => visible('groups')(), on => { if (on) this.load(); });
      if (visible('groups')()) this.load();
    },
    async load() {
      try {
        this.items = (await api('GET', '/api/ring-groups')).items;
        this.loaded = true;
        this.error = '';
      } catch (e) {
        if (e.status !== 401) this.error = e.message;
      }
    },
    async add() {
      const f = this.form;
      const body = { number: f.number.trim(), strategy: f.strategy, members: list(f.members), fallthrough: f.fallthrough.trim() };
      if (String(f.ringSeconds).trim() !== '') body.ringSeconds = numberOrText(f.ringSeconds);
      f.busy = true;
      f.errors = {};
      try {
        if (!f.name.trim()) throw new ApiError(400, { error: 'name is missing', field: 'name' });
        await api('PUT', '/api/ring-groups/' + encodeURIComponent(f.name.trim()), body);
        this.form = emptyGroup();
        await this.load();
      } catch (e) {
        f.errors = fieldErrors(e, GROUP_FIELDS);
      } finally {
        f.busy = false;
      }
    },
    async remove(g) {
      if (!confirm('Delete ring group ' + g.name + ' (' + g.number + ')?')) return;
      try {
        await api('DELETE', '/api/ring-groups/' + encodeURIComponent(g.name));
        await this.load();
      } catch (e) {
        this.error = e.message;
      }
    },
  }));

  Alpine.data('rooms', () => ({
    items: [],
    loaded: false,
    error: '',
    selected: null, // a room's number
    room: null, // GET /api/rooms/{number}: the settings and `live`
    roomError: '',
    notice: '',
    updated: '',
    form: emptyRoom(),

    init() {
      this.$watch(() => visible('rooms')(), on => { if (on) this.load(); });
      if (visible('rooms')()) this.load();
      this.destroy = poller(this, () => visible('rooms')() && this.selected !== null, () => this.refreshRoom(), 2000);
    },
    async load() {
      try {
        const data = await api('GET', '/api/rooms');
        this.items = data.items;
        this.loaded = true;
        this.error = '';
        if (this.selected && !this.items.some(r => r.number === this.selected)) this.close();
      } catch (e) {
        if (e.status !== 401) this.error = e.message;
      }
    },
    open(r) {
      if (this.selected === r.number) return;
      this.room = null;
      this.roomError = '';
      this.notice = '';
      this.updated = '';
      this.selected = r.number;
      this.$nextTick(() => document.getElementById('room-detail-title').focus());
    },
    close() {
      this.selected = null;
      this.room = null;
    },
    async refreshRoom() {
      const number = this.selected;
      try {
        const data = await api('GET', '/api/rooms/' + encodeURIComponent(number));
        if (number !== this.selected) return;
        this.room = data;
        this.roomError = '';
        this.updated = 'Updated ' + new Date().toLocaleTimeString();
      } catch (e) {
        if (e.status !== 401 && number === this.selected) this.roomError = e.message;
      }
    },
    participants() { return this.room && this.room.live ? this.room.live.participants : []; },
    /** A room or participant action: 202, carried out by the room's meeting node; the next poll shows it. */
    async act(path, what) {
      try {
        await api('POST', '/api/rooms/' + encodeURIComponent(this.selected) + '/' + path);
        this.notice = what + ': asked the meeting server.';
        this.roomError = '';
      } catch (e) {
        this.roomError = e.message;
      }
    },
    participant(p, action) {
      if (action === 'kick' && !confirm('Drop ' + (p.displayName || p.caller) + ' from the room?')) return;
      this.act('participants/' + encodeURIComponent(p.id) + '/' + action, fmt.word(action) + ' ' + (p.displayName || p.caller));
    },
    end() {
      if (!confirm('End room ' + this.selected + '? Everyone in it is hung up.')) return;
      this.act('end', 'End');
    },
    async add() {
      const f = this.form;
      const body = { number: f.number.trim(), name: f.name.trim(), pin: f.pin.trim(), moderatorPin: f.moderatorPin.trim() };
      if (String(f.maxParticipants).trim() !== '') body.maxParticipants = Number(f.maxParticipants);
      f.busy = true;
      f.errors = {};
      try {
        const r = await api('POST', '/api/rooms', body);
        this.form = emptyRoom();
        await this.load();
        this.open(r);
      } catch (e) {
        f.errors = fieldErrors(e, ROOM_FIELDS);
      } finally {
        f.busy = false;
      }
    },
    async remove(r) {
      if (!confirm('Delete room ' + r.number + ' (' + r.name + ')?')) return;
      try {
        await api('DELETE', '/api/rooms/' + encodeURIComponent(r.number));
        if (this.selected === r.number) this.close();
        await this.load();
      } catch (e) {
        this.error = e.message;
      }
    },
    // --- a room's settings: PUT replaces the room, so every setting is sent ---
    edit: { errors: {}, busy: false, values: {} },
    openEdit() {
      if (!this.room) return;
      const values = {};
      for (const f of ROOM_SETTINGS) values[f] = this.room[f] == null ? '' : (typeof this.room[f] === 'boolean' ? this.room[f] : String(this.room[f]));
      this.edit = { errors: {}, busy: false, values };
      this.$refs.roomDialog.showModal();
      this.$nextTick(() => document.getElementById('room-edit-name').focus());
    },
    async saveEdit() {
      const e = this.edit;
      const v = e.values;
      const body = { name: v.name.trim(), pin: v.pin.trim(), moderatorPin: v.moderatorPin.trim(),
        maxParticipants: numberOrText(v.maxParticipants), talkers: numberOrText(v.talkers),
        waitForModerator: !!v.waitForModerator, record: !!v.record, announceJoinLeave: !!v.announceJoinLeave };
      e.busy = true;
      e.errors = {};
      try {
        await api('PUT', '/api/rooms/' + encodeURIComponent(this.selected), body);
        this.$refs.roomDialog.close();
        await this.load();
        await this.refreshRoom();
      } catch (err) {
        e.errors = fieldErrors(err, ROOM_SETTINGS);
      } finally {
        e.busy = false;
      }
    },
    yesNo: v => v ? 'Yes' : 'No',
  }));

  // --- IVR ------------------------------------------------------------------------------------
  const YAML = 'application/yaml';
  const IVR_TEMPLATE = name => 'name: ' + (name || 'shop') + '\nnumber: "8100"\nstart: main\nmenus:\n  main:\n'
    + '    prompt: welcome\n    digits:\n      "0": repeat\n      "*": hangup\n';

  Alpine.data('ivr', () => ({
    items: [],
    loaded: false,
    error: '',
    editing: null, // { name, isNew }
    name: '',
    yaml: '',
    problems: [], // [{line, reason}] of the last refused save
    errors: {},
    saved: '',
    busy: false,

    init() {
      this.$watch(() => visible('ivr')(), on => { if (on) this.load(); });
      if (visible('ivr')()) this.load();
    },
    async load() {
      try {
        const data = await api('GET', '/api/ivr');
        this.items = data.items;
        this.loaded = true;
        this.error = '';
      } catch (e) {
        if (e.status !== 401) this.error = e.message;
      }
    },
    reset() {
      this.problems = [];
      this.errors = {};
      this.saved = '';
    },
    async open(a) {
      this.reset();
      try {
        this.yaml = await api('GET', '/api/ivr/' + encodeURIComponent(a.name), undefined, { accept: YAML });
        this.name = a.name;
        this.editing = { name: a.name, isNew: false };
        this.$nextTick(() => document.getElementById('ivr-yaml').focus());
      } catch (e) {
        this.error = e.message;
      }
    },
    create() {
      this.reset();
      this.name = '';
      this.yaml = IVR_TEMPLATE('');
      this.editing = { name: '', isNew: true };
      this.$nextTick(() => document.getElementById('ivr-name').focus());
    },
    close() {
      this.editing = null;
      this.reset();
    },
    lineNumbers() { return Array.from({ length: this.yaml.split('\n').length }, (_, i) => i + 1); },
    bad(n) { return this.problems.some(p => p.line === n); },
    problemsOf(n) { return this.problems.filter(p => p.line === n).map(p => p.reason).join('; '); },
    syncGutter() { this.$refs.gutter.scrollTop = this.$refs.yaml.scrollTop; },
    /** Puts the caret on a problem's line. */
    goTo(line) {
      const ta = this.$refs.yaml;
      const lines = this.yaml.split('\n');
      const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
      ta.focus();
      ta.setSelectionRange(start, start + (lines[line - 1] || '').length);
    },
    async save() {
      const name = this.editing.isNew ? this.name.trim() : this.editing.name;
      this.reset();
      if (!name) {
        this.errors = { name: 'name is missing' };
        return;
      }
      this.busy = true;
      try {
        const v = await api('PUT', '/api/ivr/' + encodeURIComponent(name), this.yaml, { type: YAML });
        this.editing = { name: v.name, isNew: false };
        this.name = v.name;
        this.saved = 'Saved version ' + v.version + '.';
        await this.load();
      } catch (e) {
        if (e.problems.length) {
          this.problems = e.problems.slice().sort((a, b) => a.line - b.line);
        } else {
          this.errors = fieldErrors(e, ['name']);
        }
      } finally {
        this.busy = false;
      }
    },
    async remove(a) {
      if (!confirm('Delete IVR application ' + a.name + ' (' + a.number + ')?')) return;
      try {
        await api('DELETE', '/api/ivr/' + encodeURIComponent(a.name));
        if (this.editing && this.editing.name === a.name) this.close();
        await this.load();
      } catch (e) {
        this.error = e.message;
      }
    },
  }));
});
