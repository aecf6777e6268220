import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { escapeHtml } from '../html';
import { handle } from '../http-errors';
import type { Logger } from '../logger';
import { projectRoot } from '../paths';
import { setPageSecurityHeaders, type Framing } from './security-headers';
import { fileSource, StaticAsset } from './static-assets';
import { widgetOptionsSchema, type WidgetOptionsInput } from './widget-options';

/** Where the widget's HTML, CSS and browser scripts live (served from source, no build step). */
export const webchatPublicDir = path.join(projectRoot, 'bot', 'webchat', 'public');

/** The Web Chat bundle served at `/webchat/webchat.js` (no CDN). */
export const webchatBundlePath = path.join(projectRoot, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js');

/** Dependencies of {@link registerWebchatPages}. */
export interface WebchatPagesDeps {
  logger: Logger;
  /** Look of the widget; every field has a default. Invalid options throw at start. */
  options?: WidgetOptionsInput;
  /** Origins besides this one the widget connects to (Azure Direct Line when configured). */
  connectOrigins?: string[];
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * `GET /` (the demo shop page with the widget open), `GET /webchat/frame` (the chat alone, for
 * the embed snippet's iframe), `GET /webchat/embed.js` (the snippet a shop pastes into its
 * site) and the scripts and styles they load.
 */
export function registerWebchatPages(server: Server, deps: WebchatPagesDeps): void {
  const options = widgetOptionsSchema.parse(deps.options ?? {});
  const render = (template: string) =>
    readFileSync(path.join(webchatPublicDir, template), 'utf8')
      .replaceAll('{{title}}', escapeHtml(options.title))
      .replaceAll('{{accentColor}}', options.accentColor)
      .replaceAll('{{optionsJson}}', JSON.stringify(options).replace(/</g, '\\u003c'));
  const page = (html: string, framing: Framing) =>
    handle(deps.logger, async (_req: Request, res: Response) => {
      setPageSecurityHeaders(res, framing, deps.connectOrigins);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(html);
    });
  server.get('/', page(render('shop.html'), 'deny'));
  server.get('/webchat/frame', page(render('frame.html'), 'anyone'));

  const assets: Record<string, StaticAsset> = {
    '/webchat/webchat.js': new StaticAsset(fileSource(webchatBundlePath), JS),
    '/webchat/widget.js': new StaticAsset(fileSource(path.join(webchatPublicDir, 'widget.js')), JS, 300),
    '/webchat/widget.css': new StaticAsset(fileSource(path.join(webchatPublicDir, 'widget.css')), CSS, 300),
    '/webchat/embed.js': new StaticAsset(async () => Buffer.from(render('embed.js')), JS, 300),
  };
  for (const [route, asset] of Object.entries(assets)) {
    server.get(
      route,
      handle(deps.logger, async (req, res) => {
        // The snippet is loaded by other sites' pages; the rest only by ours.
        res.header('Cross-Origin-Resource-Policy', route === '/webchat/embed.js' ? 'cross-origin' : 'same-origin');
        await asset.send(req, res);
      }),
    );
  }
}
