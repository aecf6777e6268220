/*
 * The widget page's script: gets a token from this server and starts Web Chat on it.
 * With the built-in endpoint, the conversation survives a page reload within the browser
 * tab (its id is kept in sessionStorage and resumed with the visitor's token).
 */
(function () {
  'use strict';

  var STORAGE_KEY = 'pebble-pine-chat:conversation';
  var FAILED_TO_CONNECT = 4;
  var ONLINE = 2;
  var ENDED = 5;

  var options = JSON.parse(document.getElementById('widget-options').textContent);
  var host = document.getElementById('webchat');
  var status = document.getElementById('webchat-status');

  function fail(error) {
    status.textContent = 'The chat could not start. Please reload the page, or email support@pebbleandpine.example.';
    if (window.console) window.console.error(error);
  }

  function remembered() {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY);
    } catch {
      return null;
    }
  }

  function remember(conversationId) {
    try {
      if (conversationId) window.sessionStorage.setItem(STORAGE_KEY, conversationId);
      else window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      /* storage disabled: the chat simply starts afresh on reload */
    }
  }

  function fetchToken() {
    return fetch('/webchat/token', { method: 'POST', credentials: 'same-origin' }).then(function (res) {
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
        locale: document.documentElement.lang || 'en',
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

  function connect(session, resumeId) {
    var settings = {
      token: session.token,
      domain: session.domain || window.location.origin + '/v3/directline',
      webSocket: false,
    };
    if (resumeId) {
      settings.conversationId = resumeId;
      settings.watermark = '';
    }
    var directLine = window.WebChat.createDirectLine(settings);
    var builtIn = !session.domain;
    directLine.connectionStatus$.subscribe(function (state) {
      if (state === ONLINE && builtIn) remember(directLine.conversationId);
      if (resumeId && (state === FAILED_TO_CONNECT || state === ENDED)) {
        // The stored conversation is gone or belongs to someone else: start a new one.
        remember(null);
        resumeId = null;
        render(connect(session, null), session);
      }
    });
    return directLine;
  }

  function start(session) {
    render(connect(session, session.domain ? null : remembered()), session);
  }

  if (!window.WebChat) {
    fail(new Error('Web Chat bundle not loaded'));
    return;
  }
  fetchToken().then(start).catch(fail);
})();
