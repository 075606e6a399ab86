// What the user is looking at, kept in the address after the page's own hash route
// (#/session/ID?view=top&group=thread_name...), so a link or a reload shows the same view:
// mode, sample type, group-by label, kernel frames, tab, window, search, and the diff of the
// load's slow seconds against the rest. Only choices that differ from the defaults are written,
// and writing replaces the history entry instead of adding one.
(function (ember) {
  'use strict';

  const KEYS = ['mode', 'type', 'group', 'kernel', 'view', 'from', 'to', 'search', 'slow'];

  // The hash split at its "?": [route, state query].
  function hashParts() {
    const hash = window.location.hash;
    const query = hash.indexOf('?');
    return query < 0 ? [hash, ''] : [hash.slice(0, query), hash.slice(query + 1)];
  }

  // The hash route without the state: "#/session/ID", or "" on an exported page.
  function route() {
    return hashParts()[0];
  }

  // The state in the address: {mode, type, group, kernel, view, from, to, search, slow}, each a
  // string or absent. from/to are Unix nanoseconds; slow is '1' for the slow-seconds diff.
  function read() {
    const params = new URLSearchParams(hashParts()[1]);
    const state = {};
    for (const key of KEYS) if (params.get(key)) state[key] = params.get(key);
    return state;
  }

  function write(state) {
    const params = new URLSearchParams();
    for (const key of KEYS) if (state[key]) params.set(key, state[key]);
    const query = params.toString();
    const hash = (route() || '#') + (query ? '?' + query : '');
    if (hash === (window.location.hash || '#')) return;
    try {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search + hash);
    } catch (_) {
      // A page without an origin of its own (a sandboxed frame) cannot rewrite its address.
    }
  }

  ember.viewState = { route, read, write };
})((window.ember = window.ember || {}));
