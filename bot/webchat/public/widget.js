/*
 * The widget page's script: gets a token from this server and starts Web Chat on it.
 * The server-signed visitor token is kept in this page's own localStorage and sent with every
 * token request, so a visitor who comes back (a reload, a new tab, a frame on a shop's own
 * domain where the browser sends no cookies to this server) keeps their identity. The server
 * then binds the token to their conversation when it is worth resuming, and Web Chat replays
 * its history, agent replies sent while they were away included.
 */
(function () {
  'use strict';

  var VISITOR_KEY = 'pebble-pine-chat:visitor';

  var options = JSON.parse(document.getElementById('widget-options').textContent);
  var host = document.getElementById('webchat');
  var status = document.getElementById('webchat-status');

  function fail(error) {
    status.textContent = 'The chat could not start. Please reload the page, or email support@pebbleandpine.example.';
    if (window.console) window.console.error(error);
  }

  function storedVisitor() {
    try {
      return window.localStorage.getItem(VISITOR_KEY);
    } catch {
      return null;
    }
  }

  function storeVisitor(visitor) {
    try {
      if (visitor) window.localStorage.setItem(VISITOR_KEY, visitor);
    } catch {
      /* storage disabled: the visitor is new on every visit */
    }
  }

  // The customer identity the shop's page signed (docs/shop-identity.md), handed over by
  // embed.js in the fragment, which the browser never sends to a server.
  function signedIdentity() {
    var match = /(?:^#|&)identity=([^&]+)/.exec(window.location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  // The customer's interface language: the greeting and Web Chat's own labels follow it until
  // the customer writes (the bot then follows what they write in).
  function browserLocale() {
    return (navigator.languages && navigator.languages[0]) || navigator.language || document.documentElement.lang || 'en';
  }

  function fetchToken() {
    var identity = signedIdentity();
    var visitor = identity ? null : storedVisitor();
    return fetch('/webchat/token', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        Object.assign(identity ? { identity: identity } : visitor ? { visitor: visitor } : {}, { locale: browserLocale() }),
      ),
    }).then(function (res) {
      if (!res.ok) throw new Error('token request failed: ' + res.status);
      return res.json();
    });
  }

  // Photos go through the built-in endpoint's upload route; Azure Direct Line would hand the bot
  // links to fetch, which it never does, so the button shows only with the built-in endpoint.
  function render(directLine, session) {
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: browserLocale(),
        styleOptions: {
          accent: options.accentColor,
          botAvatarInitials: options.botAvatarInitials,
          userAvatarInitials: options.userAvatarInitials,
          hideUploadButton: Boolean(session.domain),
          uploadAccept: 'image/png,image/jpeg,image/webp',
          uploadMultiple: true,
          // Web Chat makes upload thumbnails in a blob: worker, which the page's CSP (script-src 'self') forbids.
          enableUploadThumbnail: false,
          suggestedActionLayout: 'flow',
          bubbleBorderRadius: 10,
          bubbleFromUserBorderRadius: 10,
          bubbleFromUserBackground: '#e9f2ec',
          sendBoxTextWrap: true,
        },
        strings: { TEXT_INPUT_PLACEHOLDER: options.placeholder },
      },
      host,
    );
  }

  function start(session) {
    storeVisitor(session.visitor);
    render(
      window.WebChat.createDirectLine({
        token: session.token,
        domain: session.domain || window.location.origin + '/v3/directline',
        webSocket: false,
      }),
      session,
    );
  }

  if (!window.WebChat) {
    fail(new Error('Web Chat bundle not loaded'));
    return;
  }
  fetchToken().then(start).catch(fail);
})();
