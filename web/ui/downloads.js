// Download buttons for what the view shows (the selected mode and window). A session offers
// every format the server writes; a profile inlined in an exported file has no server, so it
// offers folded stacks and the profile JSON, built here.
(function (ember) {
  'use strict';

  const SERVER_FORMATS = [
    ['pprof', 'pprof', 'gzip protobuf for go tool pprof, Pyroscope, Parca'],
    ['folded', 'folded', "Brendan Gregg's folded stacks"],
    ['speedscope', 'speedscope', 'speedscope JSON'],
    ['svg', 'SVG', 'static flame graph'],
    ['html', 'HTML', 'this page, self-contained'],
  ];

  function link(label, title) {
    const a = document.createElement('a');
    a.className = 'button download';
    a.textContent = label;
    a.title = title;
    return a;
  }

  // `state`: {source, mode, range, model, type}.
  function render(container, state) {
    const { source } = state;
    const links = [];
    if (source.id !== undefined) {
      for (const [format, label, title] of SERVER_FORMATS) {
        const a = link(label, title);
        a.href = ember.api.profileUrl(source.id, Object.assign({ mode: state.mode, format }, state.range || {}));
        a.setAttribute('download', '');
        a.dataset.format = format;
        links.push(a);
      }
    } else if (state.model) {
      const base = fileStem(source.title) + (state.range ? '-window' : '');
      links.push(blobLink('folded', 'folded stacks of ' + state.model.types[state.type].type, base + '.folded', () => folded(state.model, state.type)));
      links.push(blobLink('JSON', 'the profile JSON of this view', base + '.json', () => JSON.stringify(state.model.data)));
    }
    const label = document.createElement('span');
    label.className = 'downloads-label';
    label.textContent = 'Download';
    container.replaceChildren(label, ...links);
  }

  // The text is made when clicked, so a large profile costs nothing until someone wants it.
  function blobLink(label, title, filename, text) {
    const a = link(label, title);
    a.href = '#';
    a.dataset.format = label.toLowerCase();
    a.addEventListener('click', (event) => {
      event.preventDefault();
      const url = URL.createObjectURL(new Blob([text()], { type: 'text/plain' }));
      const save = document.createElement('a');
      save.href = url;
      save.download = filename;
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    return a;
  }

  // One line per distinct stack: "main;compute;hot_loop 42", root first, as flamegraph.pl reads.
  function folded(model, type) {
    const sums = new Map();
    model.stacks.forEach((stack, n) => {
      const value = model.samples[n].values[type] || 0;
      if (!value || !stack.length) return;
      const key = stack.map((id) => model.names[id].replace(/[;\n]/g, '_')).join(';');
      sums.set(key, (sums.get(key) || 0) + value);
    });
    let out = '';
    for (const [stack, value] of sums) out += stack + ' ' + value + '\n';
    return out;
  }

  function fileStem(title) {
    return (title || 'profile').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'profile';
  }

  ember.downloads = { render, folded };
})((window.ember = window.ember || {}));
