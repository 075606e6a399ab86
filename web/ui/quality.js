// The quality panel: what was collected and what was lost, counted and shown, never hidden.
(function (ember) {
  'use strict';

  // How each statistic reads and whether non-zero means data is missing comes with the
  // profile (stat_info, from the one vocabulary ember's writers share).
  function statInfo(model, key) {
    return ((model.data.stat_info || {})[key]) || {};
  }
  function isLoss(model, key) {
    return statInfo(model, key).loss === true;
  }

  function card(label, value, warn, help) {
    const div = document.createElement('div');
    div.className = 'card' + (warn ? ' warn' : '');
    if (help) div.title = help;
    const title = document.createElement('div');
    title.className = 'card-label';
    title.textContent = label;
    const text = document.createElement('div');
    text.className = 'card-value';
    text.textContent = value;
    div.append(title, text);
    return div;
  }

  // Samples first, then what was lost, then the rest by name.
  const ORDER = ['samples', 'lost_samples', 'unwind_failures', 'unsymbolized_frames'];
  function statOrder(a, b) {
    const ra = ORDER.indexOf(a) < 0 ? ORDER.length : ORDER.indexOf(a);
    const rb = ORDER.indexOf(b) < 0 ? ORDER.length : ORDER.indexOf(b);
    return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
  }

  // The number of samples shown: the samples/count column (it follows a time window), else
  // the collector's count, else records.
  function sampleCount(model) {
    const column = model.types.findIndex((t) => t.type === 'samples' && t.unit === 'count');
    if (column >= 0) return model.totals[column];
    const stats = model.data.stats || {};
    return stats.samples !== undefined ? stats.samples : (model.data.samples || []).length;
  }

  function statLabel(model, key) {
    return statInfo(model, key).label || key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  }

  // Cards for the summary strip: the few numbers everyone wants first.
  function summaryCards(model, type) {
    const data = model.data;
    const stats = data.stats || {};
    const cards = [
      card('Samples', ember.format.count(sampleCount(model))),
      card('Total ' + model.types[type].type, ember.format.value(model.totals[type], model.types[type])),
    ];
    if (data.duration_nanos) cards.push(card('Duration', ember.format.duration(data.duration_nanos)));
    for (const key of ['lost_samples', 'unwind_failures', 'unsymbolized_frames']) {
      if (stats[key] !== undefined) cards.push(card(statLabel(model, key), ember.format.count(stats[key]), stats[key] > 0));
    }
    return cards;
  }

  function renderSummary(container, model, type) {
    container.replaceChildren(...summaryCards(model, type));
  }

  function renderPanel(container, model) {
    const data = model.data;
    const stats = data.stats || {};
    const sections = [];

    const heading = (text) => {
      const h = document.createElement('h2');
      h.textContent = text;
      return h;
    };
    const grid = (cards) => {
      const div = document.createElement('div');
      div.className = 'cards';
      div.append(...cards);
      return div;
    };

    const statCards = Object.keys(stats).sort(statOrder).map((key) =>
      card(statLabel(model, key), ember.format.count(stats[key]), isLoss(model, key) && stats[key] > 0,
        statInfo(model, key).help));
    const note = document.createElement('p');
    note.className = 'hint';
    note.textContent =
      'Lost samples never reached ember (a buffer was full); unwind failures cut stacks short; ' +
      'unsymbolized frames show as [file+offset]. Non-zero losses are highlighted.';
    sections.push(heading('Collection'), grid(statCards.length ? statCards : [card('Stats', 'none recorded')]), note);

    const info = [
      card('Started', ember.format.dateTime(data.time_nanos)),
      card('Duration', data.duration_nanos ? ember.format.duration(data.duration_nanos) : '–'),
    ];
    if (data.period > 0 && data.period_type) {
      info.push(card('Period', ember.format.value(data.period, data.period_type)));
      if (timeUnit(data.period_type.unit)) info.push(card('Frequency', (1e9 / (data.period * timeUnit(data.period_type.unit))).toFixed(0) + ' Hz'));
    }
    info.push(card('Frames (call tree nodes)', ember.format.count(model.nodeCount)));
    info.push(card('Functions', ember.format.count(model.names.length)));
    info.push(card('Sample types', model.types.map(ember.format.typeLabel).join(', ') || '–'));
    sections.push(heading('Profile'), grid(info));

    if ((data.comments || []).length) {
      const list = document.createElement('ul');
      list.className = 'comments';
      for (const comment of data.comments) {
        const li = document.createElement('li');
        li.textContent = comment;
        list.append(li);
      }
      sections.push(heading('Comments'), list);
    }
    container.replaceChildren(...sections);
  }

  function timeUnit(unit) {
    return { nanoseconds: 1, microseconds: 1e3, milliseconds: 1e6, seconds: 1e9 }[unit] || 0;
  }

  ember.quality = { renderSummary, renderPanel };
})((window.ember = window.ember || {}));
