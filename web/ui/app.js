// Boots the page and picks what it shows. An exported file carries its profile inline (and
// an exported diff its base profile as well); a
// ?profile=URL page loads one; otherwise emberd serves the page, and the address says which
// page: #/ the sessions, #/session/ID one session (followed by the view's state, viewstate.js).
(function (ember) {
  'use strict';

  const $ = (id) => document.getElementById(id);

  // Loaders resolve to the JSON of write_profile_json.
  const loaders = {
    // The exported HTML carries the profile in <script type="application/json">: parsed as
    // data, never run, so no function name can become markup or code.
    // `id`: "ember-profile", or "ember-base-profile" in an exported diff.
    inline(id = 'ember-profile') {
      const element = $(id);
      if (!element || !element.textContent.trim()) return null;
      return Promise.resolve(JSON.parse(element.textContent));
    },
    url(url) {
      return fetch(url, { headers: { Accept: 'application/json' } }).then((response) => {
        if (!response.ok) throw new Error('loading ' + url + ' failed: HTTP ' + response.status);
        return response.json();
      });
    },
  };

  // A profile that is part of the page (inline, or ?profile=URL), or null when served by emberd.
  function pageProfile() {
    const inline = loaders.inline();
    if (inline) return inline;
    const url = new URLSearchParams(window.location.search).get('profile');
    return url ? loaders.url(url) : null;
  }

  function showPage(name) {
    $('home').hidden = name !== 'home';
    $('session').hidden = name !== 'session';
    $('profile-controls').hidden = name !== 'session';
  }

  function route() {
    const match = /^#\/session\/(.+)$/.exec(ember.viewState.route());
    if (match) {
      ember.home.close();
      showPage('session');
      ember.app.open(new ember.SessionSource(decodeURIComponent(match[1])));
    } else {
      ember.app.close();
      showPage('home');
      $('profile-title').textContent = 'Sessions';
      document.title = 'ember';
      ember.home.open();
    }
  }

  ember.loaders = loaders;
  document.addEventListener('DOMContentLoaded', () => {
    ember.app = new ember.ProfileView();
    const profile = pageProfile();
    if (profile) {
      // A file has no sessions to go back to, so the brand links nowhere.
      showPage('session');
      // An exported diff (`ember diff -o diff.html`) carries its base too and opens on the diff.
      const base = loaders.inline('ember-base-profile');
      ember.app.open(new ember.ClientSource(profile, document.title, base)).then(() => base && ember.app.showView('diff'));
      return;
    }
    ember.home = new ember.Home();
    $('brand').href = '#/';
    window.addEventListener('hashchange', route);
    route();
  });
})((window.ember = window.ember || {}));
