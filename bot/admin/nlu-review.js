'use strict';
/* Dashboard panel: the NLU review queue (GET /admin/nlu/review) with one-click labels
   (POST /admin/nlu/examples, POST /admin/nlu/examples/:id/confirm), with the session cookie. */
(function () {
  const $ = (id) => document.getElementById(id);
  const REASONS = {
    out_of_scope: 'out of scope',
    small_margin: 'two intents close',
    kb_no: 'KB answer did not help',
    clarify_choice: 'customer chose',
    agent_corrected: 'agent corrected',
  };
  let next = null;

  async function call(method, path, body) {
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      window.location.assign('/admin/dashboard');
      throw new Error('Session expired');
    }
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
    return answer;
  }

  function cell(content) {
    const td = document.createElement('td');
    if (typeof content === 'string') td.textContent = content;
    else td.append(...content);
    return td;
  }

  function button(text, onClick, secondary) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    if (secondary) b.className = 'secondary';
    b.addEventListener('click', () => act(b, onClick));
    return b;
  }

  async function act(source, action) {
    source.disabled = true;
    try {
      await action();
      source.closest('tr').remove();
      $('review-status').textContent = 'Saved.';
    } catch (error) {
      source.disabled = false;
      $('review-status').textContent = error.message;
    }
  }

  function why(item) {
    const reasons = item.reasons.map((r) => (r.label ? `${REASONS[r.reason]}: ${r.label}` : REASONS[r.reason]));
    if (item.suggestion) reasons.push(`suggested: ${item.suggestion.intent}`);
    return reasons.join('; ');
  }

  function labels(item, intents) {
    const controls = [];
    const label = (intent) => call('POST', '/admin/nlu/examples', { messageId: item.messageId, intent });
    if (item.suggestion) {
      const id = item.suggestion.id;
      controls.push(button(`Confirm "${item.suggestion.intent}"`, () => call('POST', `/admin/nlu/examples/${id}/confirm`)));
    } else if (item.guess.intent && !item.guess.outOfScope) {
      controls.push(button(`Confirm "${item.guess.intent}"`, () => label(item.guess.intent)));
    }
    const select = document.createElement('select');
    select.setAttribute('aria-label', 'Intent');
    select.append(...intents.map((intent) => new Option(intent, intent)));
    const preferred = item.reasons.find((r) => r.label)?.label;
    if (preferred) select.value = preferred;
    controls.push(
      select,
      button('Label', () => label(select.value), true),
    );
    return controls;
  }

  async function loadReview(more) {
    const params = new URLSearchParams({ limit: '25' });
    if (more && next) params.set('cursor', next);
    try {
      const page = await call('GET', `/admin/nlu/review?${params}`);
      const rows = page.items.map((item) => {
        const tr = document.createElement('tr');
        const confidence = item.guess.confidence === null ? '' : ` (${item.guess.confidence.toFixed(2)})`;
        const guess = item.guess.outOfScope ? `out of scope${confidence}` : `${item.guess.intent ?? '–'}${confidence}`;
        tr.append(cell(item.createdAt.slice(0, 16).replace('T', ' ')), cell(item.text), cell(guess), cell(why(item)));
        tr.append(cell(labels(item, page.intents)));
        return tr;
      });
      const body = $('review').tBodies[0];
      if (more) body.append(...rows);
      else body.replaceChildren(...rows);
      next = page.next;
      $('review-more').hidden = next === null;
      $('review-status').textContent = body.rows.length ? '' : 'Nothing to review.';
    } catch (error) {
      $('review-status').textContent = error.message;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('review-more').addEventListener('click', () => loadReview(true));
    loadReview(false);
  });
})();
