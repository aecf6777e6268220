// The agent tab: queue, accept, transcript. Inside Teams the agent signs in with Teams SSO
// (a token from authentication.getAuthToken, fetched per call: teams-js caches and renews it);
// in a plain browser with the credential an admin issued, kept in sessionStorage for this tab only.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const store = window.sessionStorage;
  const teams = window.microsoftTeams;
  let current = null;
  let teamsSignIn = false;

  async function bearer() {
    if (teamsSignIn) return teams.authentication.getAuthToken();
    return store.getItem('agentToken');
  }

  async function api(method, path, body) {
    const res = await fetch('/agent/api' + path, {
      method,
      headers: { Authorization: 'Bearer ' + (await bearer()), 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await res.json().catch(() => ({}));
    if (res.status === 401 || res.status === 403) {
      // A 401 says only "unauthorized" (nothing for a prober to learn): name the likely cause here.
      const reason =
        res.status === 401 ? 'Agent credential wrong or revoked, or your sign-in expired.' : data.error || 'Your sign-in was refused.';
      signOut(reason);
      throw new Error(reason);
    }
    if (!res.ok) throw new Error(data.error || 'Request failed (' + res.status + ')');
    return data;
  }

  function text(el, value) {
    el.textContent = value == null ? '' : String(value);
    return el;
  }

  function ticketRows(tickets, statusOf) {
    return tickets.map((t) => {
      const row = document.createElement('tr');
      const cells = ['#' + t.id, t.priority, t.subject, t.languageLabel, statusOf(t)];
      cells.forEach((c, i) => {
        const td = text(document.createElement('td'), c);
        if (i === 1) td.className = 'priority-' + t.priority;
        row.appendChild(td);
      });
      const open = text(document.createElement('button'), 'Open');
      open.addEventListener('click', () => showTicket(t.id));
      const td = document.createElement('td');
      td.appendChild(open);
      row.appendChild(td);
      return row;
    });
  }

  async function loadQueue() {
    const { tickets } = await api('GET', '/queue');
    // A live handoff says more than the ticket (waiting in the queue, timed out); an ended one does not.
    const live = ['waiting', 'assigned', 'timed_out'];
    $('queue').replaceChildren(...ticketRows(tickets, (t) => (live.includes(t.handoffStatus) ? t.handoffStatus : t.status)));
  }

  let searchNext = null;

  async function search(more) {
    const params = new URLSearchParams({ limit: '20' });
    const fields = { q: 'search-q', status: 'search-status', priority: 'search-priority', customer: 'search-customer' };
    Object.entries(fields).forEach(([name, id]) => {
      const value = $(id).value.trim();
      if (value) params.set(name, value);
    });
    if (more && searchNext) params.set('cursor', searchNext);
    const { tickets, next } = await api('GET', '/tickets?' + params.toString());
    searchNext = next;
    const rows = ticketRows(tickets, (t) => t.status);
    if (more) $('results').append(...rows);
    else $('results').replaceChildren(...rows);
    $('more').hidden = !next;
  }

  function list(id, items) {
    $(id).replaceChildren(...items.map((item) => text(document.createElement('li'), item)));
  }

  function when(ms) {
    return new Date(ms).toLocaleString();
  }

  // A customer's photo: the signed link (valid for 15 minutes) as a thumbnail that opens it full size.
  function photoLink(photo, index) {
    const a = document.createElement('a');
    a.href = photo.url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.className = 'photo';
    const img = document.createElement('img');
    img.src = photo.url;
    img.alt = 'Photo ' + (index + 1) + ' from the customer';
    img.loading = 'lazy';
    a.appendChild(img);
    return a;
  }

  async function showTicket(id) {
    const data = await api('GET', '/tickets/' + id);
    current = data;
    $('ticket').hidden = false;
    text($('ticket-title'), 'Ticket #' + data.ticket.id + ': ' + data.ticket.subject + ' (' + data.ticket.status + ')');
    text($('ticket-language'), 'The customer writes in ' + data.languageLabel + '.');
    $('status-value').value = data.ticket.status;
    await fillIntents(data.ticket.intent);
    list(
      'notes',
      data.notes.map((n) => when(n.at) + ' · ' + n.by + ': ' + n.text),
    );
    list(
      'events',
      data.events.map((e) => when(e.at) + ' · ' + e.type + (e.actor ? ' by ' + e.actor : '')),
    );
    list(
      'surveys',
      data.surveys.map((f) =>
        f.rating == null ? 'Sent ' + when(f.sentAt) + ', not answered' : f.rating + '/5' + (f.comment ? ': ' + f.comment : ''),
      ),
    );
    $('transcript').replaceChildren(
      ...data.transcript
        .filter((m) => m.text || (m.photos && m.photos.length))
        .map((m) => {
          const li = text(document.createElement('li'), m.role + ': ' + (m.text || ''));
          li.className = 'role-' + m.role;
          (m.photos || []).forEach((p, i) => li.appendChild(photoLink(p, i)));
          return li;
        }),
    );
  }

  // The bot's reading of the request; an agent's correction sends the misread message to the NLU review queue.
  let intents = null;
  async function fillIntents(selected) {
    intents = intents || (await api('GET', '/intents')).intents;
    const choices = selected && !intents.includes(selected) ? [selected].concat(intents) : intents;
    $('intent-value').replaceChildren(
      ...[''].concat(choices).map((label) => {
        const option = text(document.createElement('option'), label || '(none)');
        option.value = label;
        option.disabled = !label;
        return option;
      }),
    );
    $('intent-value').value = selected || '';
  }

  async function act(action) {
    if (!current) return;
    text($('ticket-error'), '');
    try {
      if (current.handoff) await api('POST', '/handoffs/' + current.handoff.id + '/' + action);
      await showTicket(current.ticket.id);
      await loadQueue();
    } catch (e) {
      text($('ticket-error'), e.message);
    }
  }

  async function send(kind, input) {
    if (!current || !current.handoff || !input.value.trim()) return;
    try {
      const result = await api('POST', '/handoffs/' + current.handoff.id + '/' + kind, { text: input.value });
      input.value = '';
      await showTicket(current.ticket.id);
      // The customer is away: say whether the reply also went out by email, or waits unsent.
      if (result.email) text($('ticket-error'), result.email.message);
    } catch (e) {
      text($('ticket-error'), e.message);
    }
  }

  function signOut(reason) {
    store.removeItem('agentToken');
    teamsSignIn = false;
    showSignIn(reason);
  }

  function showSignIn(reason) {
    $('desk').hidden = true;
    $('signout').hidden = true;
    text($('who'), '');
    text($('signin-error'), reason || '');
    $('signin').hidden = false;
  }

  async function showDesk() {
    try {
      const me = await api('GET', '/me');
      $('signin').hidden = true;
      $('desk').hidden = false;
      $('signout').hidden = teamsSignIn;
      text($('who'), me.name);
      await loadQueue();
    } catch (e) {
      if ($('desk').hidden) text($('signin-error'), e.message);
    }
  }

  $('signin').addEventListener('submit', (e) => {
    e.preventDefault();
    store.setItem('agentToken', $('key').value.trim());
    $('key').value = '';
    showDesk();
  });
  $('signout').addEventListener('click', () => signOut());
  document.querySelectorAll('#ticket-actions button').forEach((b) => b.addEventListener('click', () => act(b.dataset.action)));
  $('status').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!current) return;
    text($('ticket-error'), '');
    try {
      await api('POST', '/tickets/' + current.ticket.id + '/status', { status: $('status-value').value });
      await showTicket(current.ticket.id);
      await loadQueue();
    } catch (err) {
      text($('ticket-error'), err.message);
    }
  });
  $('intent').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!current || !$('intent-value').value) return;
    text($('ticket-error'), '');
    try {
      await api('POST', '/tickets/' + current.ticket.id + '/intent', { intent: $('intent-value').value });
      await showTicket(current.ticket.id);
    } catch (err) {
      text($('ticket-error'), err.message);
    }
  });
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    search(false).catch((err) => text($('ticket-error'), err.message));
  });
  $('more').addEventListener('click', () => search(true).catch((err) => text($('ticket-error'), err.message)));
  $('reply').addEventListener('submit', (e) => {
    e.preventDefault();
    send('messages', $('reply-text'));
  });
  $('note').addEventListener('submit', (e) => {
    e.preventDefault();
    send('notes', $('note-text'));
  });
  setInterval(() => {
    if (!$('desk').hidden) loadQueue().catch(() => undefined);
  }, 5000);

  function start() {
    if (store.getItem('agentToken')) showDesk();
    else showSignIn();
  }

  // Inside Teams, sign in with the Teams account; without SSO configured, fall back to a credential.
  if (teams && teams.app && window.parent !== window) {
    teams.app
      .initialize()
      .then(() => teams.authentication.getAuthToken())
      .then(() => {
        teamsSignIn = true;
        showDesk();
      })
      .catch(() => start());
  } else {
    start();
  }
})();
