import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'restify';

const gzipAsync = promisify(gzip);

interface LoadedAsset {
  raw: Buffer;
  gzipped: Buffer;
  etag: string;
}

/** Reads an asset's bytes (a file, or a template rendered once). */
export type AssetSource = () => Promise<Buffer>;

/** An {@link AssetSource} reading a file. */
export function fileSource(file: string): AssetSource {
  return () => readFile(file);
}

/**
 * A script or style, loaded and gzipped once on first use and kept in memory; answers `304`
 * to a matching `If-None-Match` and gzip to clients that accept it.
 */
export class StaticAsset {
  private loaded?: Promise<LoadedAsset>;

  constructor(
    private readonly source: AssetSource,
    private readonly contentType: string,
    private readonly maxAgeS = 3600,
  ) {}

  /** Sends the file (status 200 or 304) with caching headers. */
  async send(req: Request, res: Response): Promise<void> {
    this.loaded ??= this.load();
    const asset = await this.loaded.catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    res.header('ETag', asset.etag);
    res.header('Cache-Control', `public, max-age=${this.maxAgeS}`);
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Vary', 'Accept-Encoding');
    if (req.header('if-none-match') === asset.etag) {
      res.writeHead(304);
      res.end();
      return;
    }
    const useGzip = /\bgzip\b/.test(req.header('accept-encoding') ?? '');
    const body = useGzip ? asset.gzipped : asset.raw;
    res.writeHead(200, {
      'Content-Type': this.contentType,
      'Content-Length': body.length,
      ...(useGzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  }

  private async load(): Promise<LoadedAsset> {
    const raw = await this.source();
    const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`;
    return { raw, gzipped: await gzipAsync(raw), etag };
  }
}
