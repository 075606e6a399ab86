// The home page of emberd: the sessions (live and finished) with their numbers, and the form
// that starts a session on a running process or a command. Refreshed while it is shown.
(function (ember) {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const MODES = ['cpu', 'offcpu', 'wall', 'lock', 'alloc'];
  const REFRESH_MS = 2000;

  class Home {
    constructor() {
      this.kind = 'pid';
      this.targets = [];
      this.timer = 0;
      $('start-modes').replaceChildren(...MODES.map((mode) => modeBox(mode)));
      for (const button of document.querySelectorAll('.target-kind .segment')) {
        button.addEventListener('click', () => this.setKind(button.dataset.kind));
      }
      $('target-filter').addEventListener('input', () => this.renderTargets());
      $('start-form').addEventListener('submit', (e) => {
        e.preventDefault();
        this.start();
      });
    }

    open() {
      this.refresh();
      ember.api.targets().then((targets) => {
        this.targets = targets;
        this.renderTargets();
      }, (error) => ($('target-picker').textContent = error.message));
    }

    close() {
      clearTimeout(this.timer);
      this.timer = 0;
    }

    refresh() {
      clearTimeout(this.timer);
      return ember.api
        .sessions()
        .then((sessions) => this.renderSessions(sessions), (error) => ($('sessions-note').textContent = error.message))
        .finally(() => {
          if (!$('home').hidden) this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
        });
    }

    setKind(kind) {
      this.kind = kind;
      for (const button of document.querySelectorAll('.target-kind .segment')) button.classList.toggle('on', button.dataset.kind === kind);
      for (const field of document.querySelectorAll('.field[data-for]')) field.hidden = field.dataset.for !== kind;
    }

    renderSessions(sessions) {
      const rows = sessions.map((session) => {
        const tr = document.createElement('tr');
        const stats = session.stats || {};
        const name = cell('wrap', '');
        const open = document.createElement('a');
        open.href = '#/session/' + encodeURIComponent(session.id);
        open.textContent = session.name || 'session ' + session.id;
        open.className = 'session-link';
        name.append(open);
        const state = cell('', '');
        const badge = document.createElement('span');
        badge.className = 'state ' + session.state;
        badge.textContent = session.state === 'running' ? 'live' : session.state;
        badge.title = session.error || '';
        state.append(badge);
        if (session.error) {
          const why = document.createElement('div');
          why.className = 'state-error';
          why.textContent = session.error;
          state.append(why);
        }
        const end = session.ended_nanos || (session.state === 'running' ? Date.now() * 1e6 : 0);
        tr.append(
          name,
          state,
          cell('target', ember.targetText(session)),
          cell('wrap', (session.modes || []).map((m) => ember.MODE_LABELS[m] || m).join(', ')),
          startedCell(session.started_nanos),
          cell('num', end && session.started_nanos ? ember.format.duration(end - session.started_nanos) : '–'),
          cell('num', ember.format.count(stats.samples || 0)),
          cell('num' + (stats.lost_samples > 0 ? ' warn' : ''), ember.format.count(stats.lost_samples || 0)),
          this.actions(session),
        );
        return tr;
      });
      $('sessions').tBodies[0].replaceChildren(...rows);
      $('sessions-note').textContent = sessions.length ? '' : 'No sessions yet: start one on the right.';
    }

    actions(session) {
      const td = cell('actions', '');
      const button = (label, className, action) => {
        const b = document.createElement('button');
        b.className = 'button small ' + className;
        b.textContent = label;
        b.addEventListener('click', () => action().then(() => this.refresh(), (error) => ($('sessions-note').textContent = error.message)));
        return b;
      };
      if (session.state === 'running') td.append(button('Stop', '', () => ember.api.stop(session.id)));
      td.append(button('Delete', 'danger', () => ember.api.remove(session.id)));
      return td;
    }

    renderTargets() {
      const filter = $('target-filter').value.toLowerCase();
      const matching = this.targets.filter((t) => !filter || [t.name, t.command_line, t.user, String(t.pid)].some((s) => String(s || '').toLowerCase().includes(filter)));
      const items = matching.slice(0, 200).map((target) => {
        const item = document.createElement('button');
        item.type = 'button';
        item.className = 'pick';
        item.setAttribute('role', 'option');
        item.dataset.pid = String(target.pid);
        const pid = document.createElement('span');
        pid.className = 'pick-pid';
        pid.textContent = target.pid;
        const name = document.createElement('span');
        name.className = 'pick-name';
        name.textContent = target.name;
        const command = document.createElement('span');
        command.className = 'pick-command';
        command.textContent = target.command_line + (target.user ? ' · ' + target.user : '');
        command.title = target.command_line;
        item.append(pid, name, command);
        item.addEventListener('click', () => {
          $('pid').value = String(target.pid);
          for (const other of $('target-picker').children) other.classList.toggle('on', other === item);
        });
        return item;
      });
      $('target-picker').replaceChildren(...items);
    }

    // The request of API.md from the form; an error names the field to fix.
    request() {
      const body = { modes: MODES.filter((m) => $('mode-' + m).checked) };
      if (this.kind === 'pid') {
        const pid = Number($('pid').value.trim());
        if (!Number.isInteger(pid) || pid <= 0) throw new Error('Enter a process ID, or pick a process from the list.');
        body.pids = [pid];
      } else {
        const command = splitCommand($('command').value);
        if (!command.length) throw new Error('Enter the command to launch.');
        body.command = command;
      }
      if (!body.modes.length) throw new Error('Pick at least one mode.');
      body.frequency_hz = Number($('frequency').value) || 99;
      body.duration_seconds = Number($('duration').value) || 0;
      const name = $('session-name').value.trim();
      if (name) body.name = name;
      return body;
    }

    start() {
      const error = $('start-error');
      error.textContent = '';
      let body;
      try {
        body = this.request();
      } catch (e) {
        error.textContent = e.message;
        return Promise.resolve();
      }
      $('start').disabled = true;
      return ember.api
        .start(body)
        .then((session) => (window.location.hash = '#/session/' + encodeURIComponent(session.id)), (e) => (error.textContent = e.message))
        .finally(() => ($('start').disabled = false));
    }
  }

  function cell(className, text) {
    const td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    if (className === 'target') td.title = text;
    return td;
  }

  // Today's sessions by time of day, older ones by date; the full time is in the title.
  function startedCell(nanos) {
    const full = ember.format.dateTime(nanos);
    const td = cell('', full);
    if (nanos && Date.now() - nanos / 1e6 < 86400e3) td.textContent = full.slice(11, 19);
    else if (nanos) td.textContent = full.slice(0, 16);
    td.title = full;
    return td;
  }

  function modeBox(mode) {
    const label = document.createElement('label');
    label.className = 'check';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = 'mode-' + mode;
    box.checked = mode === 'cpu';
    label.append(box, document.createTextNode(' ' + (ember.MODE_LABELS[mode] || mode)));
    return label;
  }

  // Splits a command line on spaces, keeping 'single' and "double" quoted parts together.
  function splitCommand(text) {
    const words = [];
    const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
    let match;
    while ((match = pattern.exec(text))) words.push(match[1] ?? match[2] ?? match[3]);
    return words;
  }

  ember.Home = Home;
})((window.ember = window.ember || {}));
