/*
 * Pebble & Pine chat snippet. Paste into any page:
 *   <script src="https://YOUR-BOT-HOST/webchat/embed.js" async></script>
 * Optional attributes on that tag: data-label="Chat with us", data-color="#2f6b4f", and
 * data-identity="…": the signed-in customer as the shop's server signed it (docs/shop-identity.md).
 * It adds a floating chat button; the chat opens in a frame served by the bot's host, which
 * fetches the visitor's token there, so no secret or token passes through this page. The frame
 * keeps the visitor's signed identity in its own storage (browsers send no cookies to it on
 * this site), so a visitor who comes back finds their conversation and our team's replies.
 */
(function () {
  'use strict';

  var defaults = {{optionsJson}};
  var script = document.currentScript;
  if (!script || window.__pebbleAndPineChat) return;
  window.__pebbleAndPineChat = true;

  var origin = new URL(script.src, window.location.href).origin;
  var label = script.getAttribute('data-label') || 'Chat with us';
  var colorAttr = script.getAttribute('data-color');
  var color = /^#[0-9a-fA-F]{6}$/.test(colorAttr || '') ? colorAttr : defaults.accentColor;
  var identity = script.getAttribute('data-identity');

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'pebble-pine-chat');
  button.style.cssText =
    'position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:999px;' +
    'padding:12px 20px;font:600 15px system-ui,sans-serif;color:#fff;cursor:pointer;' +
    'box-shadow:0 6px 20px rgba(0,0,0,.2);background:' + color;

  var frame = null;

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.id = 'pebble-pine-chat';
      frame.title = defaults.title;
      // In the fragment: never sent to a server, never in a Referer.
      frame.src = origin + '/webchat/frame' + (identity ? '#identity=' + encodeURIComponent(identity) : '');
      frame.style.cssText =
        'position:fixed;right:20px;bottom:80px;z-index:2147483000;width:380px;max-width:calc(100vw - 40px);' +
        'height:560px;max-height:calc(100vh - 110px);border:1px solid #ddd;border-radius:14px;' +
        'background:#fff;box-shadow:0 10px 30px rgba(0,0,0,.25)';
      document.body.appendChild(frame);
    }
    frame.style.display = 'block';
    button.setAttribute('aria-expanded', 'true');
  }

  function close() {
    if (frame) frame.style.display = 'none';
    button.setAttribute('aria-expanded', 'false');
  }

  button.addEventListener('click', function () {
    if (button.getAttribute('aria-expanded') === 'true') close();
    else open();
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') close();
  });

  function mount() {
    document.body.appendChild(button);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
