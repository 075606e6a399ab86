// The emberd HTTP API (web/server/API.md) as promises. Paths are relative, so the UI works
// wherever the daemon serves it.
(function (ember) {
  'use strict';

  // JSON of a response, or an Error carrying the server's one-line message (JSON {"error"}, or
  // the text/plain line of a refusal).
  function answer(response) {
    if (response.ok) return response.status === 204 ? null : response.json();
    return response
      .text()
      .then((text) => {
        try {
          return JSON.parse(text).error || text;
        } catch (_) {
          return text.trim();
        }
      })
      .catch(() => '')
      .then((message) => {
        throw new Error(message || 'HTTP ' + response.status + ' ' + response.statusText);
      });
  }

  function get(path) {
    return fetch(path, { headers: { Accept: 'application/json' } }).then(answer);
  }

  // Every state-changing request carries X-Ember, which no other site's page can send here
  // without a CORS preflight that emberd never grants.
  // `text` is sent as it is, with Content-Type `type`.
  function sendText(method, path, text, type) {
    const init = { method, headers: { Accept: 'application/json', 'X-Ember': '1' } };
    if (text !== undefined) {
      init.headers['Content-Type'] = type;
      init.body = text;
    }
    return fetch(path, init).then(answer);
  }

  function send(method, path, body) {
    return sendText(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  const session = (id) => 'api/sessions/' + encodeURIComponent(id);

  // `options`: {mode, from, to, format}; from/to are Unix ns, a half-open window.
  function profileUrl(id, options = {}) {
    const query = new URLSearchParams();
    if (options.mode) query.set('mode', options.mode);
    if (options.from !== undefined) query.set('from', nanos(options.from));
    if (options.to !== undefined) query.set('to', nanos(options.to));
    if (options.format) query.set('format', options.format);
    const text = query.toString();
    return session(id) + '/profile' + (text ? '?' + text : '');
  }

  // Unix ns exceed 2^53; an integer string of the nearest double is what the server parses.
  function nanos(t) {
    return Math.round(t).toLocaleString('en-US', { useGrouping: false });
  }

  ember.api = {
    sessions: () => get('api/sessions'),
    session: (id) => get(session(id)),
    start: (body) => send('POST', 'api/sessions', body),
    stop: (id) => send('POST', session(id) + '/stop'),
    remove: (id) => send('DELETE', session(id)),
    addMarker: (id, label) => send('POST', session(id) + '/markers', { label }),
    latency: (id) => get(session(id) + '/latency'),
    // A load tool's file as it wrote it: JSON lines (k6) or CSV (hey, Locust, plain).
    postLatency: (id, text) => sendText('POST', session(id) + '/latency', text, /^\s*\{/.test(text) ? 'application/x-ndjson' : 'text/csv'),
    targets: () => get('api/targets'),
    profile: (id, options) => get(profileUrl(id, Object.assign({}, options, { format: undefined }))),
    profileUrl,
  };
})((window.ember = window.ember || {}));
