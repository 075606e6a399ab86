// Where a profile view gets its data. A session of emberd is asked for each window (the
// server cuts it); a profile that is already in the page (an exported file, or ?profile=URL)
// is cut in the browser. Both answer the same profile JSON, so the views cannot tell.
(function (ember) {
  'use strict';

  // A profile known in full: `data` is a promise of the profile JSON; `base`, when given, a
  // promise of the profile to diff it against.
  class ClientSource {
    constructor(data, title, base = null) {
      this.data = data;
      this.base = base;
      this.title = title;
      this.live = false;
      this.modes = [];
      this.session = null;
    }

    refresh() {
      return Promise.resolve(null);
    }

    // `range`: {from, to} in Unix ns, or null for everything. `mode` is ignored: one profile.
    load(mode, range) {
      return this.data.then((data) => (range ? ember.sliceData(data, range.from, range.to) : data));
    }

    markers() {
      return [];
    }

    latency() {
      return Promise.resolve(null);
    }
  }

  // A session of emberd, refreshed while it runs.
  class SessionSource {
    constructor(id) {
      this.id = id;
      this.session = null;
      this.live = false;
      this.modes = [];
      this.title = 'session ' + id;
    }

    // Re-reads the session object: state, stats and markers change while it runs.
    refresh() {
      return ember.api.session(this.id).then((session) => {
        this.session = session;
        this.live = session.state === 'running';
        this.modes = session.modes || [];
        this.title = session.name || 'session ' + session.id;
        return session;
      });
    }

    load(mode, range) {
      return ember.api.profile(this.id, Object.assign({ mode }, range || {}));
    }

    markers() {
      return (this.session && this.session.markers) || [];
    }

    // The load test's latencies posted for the session, or null: asked again only when the
    // session says their number of seconds changed.
    latency() {
      const count = (this.session && this.session.latency_seconds) || 0;
      if (!count) return Promise.resolve(null);
      if (this.latencyCount !== count) {
        this.latencyCount = count;
        this.latencyData = ember.api.latency(this.id);
      }
      return this.latencyData;
    }

    // Posts a load tool's file; resolves to the latencies as the session now has them.
    postLatency(text) {
      return ember.api.postLatency(this.id, text).then((latency) => {
        this.latencyCount = latency.seconds.length;
        this.latencyData = Promise.resolve(latency);
        return latency;
      });
    }
  }

  ember.ClientSource = ClientSource;
  ember.SessionSource = SessionSource;
})((window.ember = window.ember || {}));
