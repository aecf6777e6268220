import { expect } from 'chai';
import { checkPhoto, refusalText, sniffPhotoType } from '../../bot/photos/photo-check';
import { messagesFor } from '../../dialogs/messages';
import { attachedPhotos } from '../../bot/photos/photo-attachments';
import { PhotoLinks } from '../../bot/photos/photo-links';
import { dataUri, jpegImage, pngImage, webpImage, windowsExecutable } from '../helpers/images';

describe('photo checks', () => {
  describe('sniffPhotoType', () => {
    it('reads PNG, JPEG and WebP from their bytes', () => {
      expect(sniffPhotoType(pngImage())).to.equal('image/png');
      expect(sniffPhotoType(jpegImage())).to.equal('image/jpeg');
      expect(sniffPhotoType(webpImage())).to.equal('image/webp');
    });

    it('refuses look-alikes: executables, text, a bare signature, other RIFF files, GIF and SVG', () => {
      const lookAlikes: Record<string, Buffer> = {
        'Windows executable': windowsExecutable(),
        'ELF binary': Buffer.concat([Buffer.from('\x7fELF', 'latin1'), Buffer.alloc(60)]),
        'text declared as PNG': Buffer.from('this is only text, not a picture of anything'),
        'PNG signature alone': pngImage().subarray(0, 8),
        'PNG signature without IHDR': Buffer.concat([pngImage().subarray(0, 12), Buffer.from('IDAT'), Buffer.alloc(20)]),
        'a WAV file (RIFF WAVE)': Buffer.concat([Buffer.from('RIFF\x24\0\0\0WAVEfmt ', 'latin1'), Buffer.alloc(20)]),
        GIF: Buffer.from('GIF89a\x01\0\x01\0\0\0\0;', 'latin1'),
        SVG: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        empty: Buffer.alloc(0),
        'two JPEG bytes': Buffer.from([0xff, 0xd8]),
      };
      for (const [name, bytes] of Object.entries(lookAlikes)) expect(sniffPhotoType(bytes), name).to.equal(undefined);
    });
  });

  describe('checkPhoto', () => {
    it('answers 413 past the limit and 415 for a file that is not a photo, with what to tell the customer', () => {
      const big = pngImage(4, 3, [1, 2, 3], 3000);
      expect(() => checkPhoto(big, 2048))
        .to.throw(/too large: I can take photos up to 2 KB/)
        .with.property('status', 413);
      expect(() => checkPhoto(windowsExecutable(), 2048))
        .to.throw(/PNG, JPEG or WebP/)
        .with.property('status', 415);
      expect(checkPhoto(big, 3100).contentType).to.equal('image/png');
    });

    it("says why in the customer's language", () => {
      expect(refusalText({ status: 413, maxBytes: 2048 }, messagesFor('de'))).to.equal(
        'Diese Datei ist leider zu groß: Ich nehme Fotos bis 2 KB an. Ein kleineres Foto oder ein Screenshot geht auch.',
      );
      expect(refusalText({ status: 415 }, messagesFor('zh'))).to.equal(messagesFor('zh').text('photos.notAPhoto'));
    });
  });

  describe('attachedPhotos', () => {
    it('decodes data: URIs, typing them by their bytes whatever they were declared as', () => {
      const { photos } = attachedPhotos([
        { contentType: 'image/png', contentUrl: dataUri(jpegImage(), 'image/png') },
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
        { contentType: 'text/html', content: '<p>hello</p>' },
      ]);
      expect(photos.map((p) => p.contentType)).to.deep.equal(['image/jpeg']);
      expect(photos[0].bytes.equals(jpegImage())).to.equal(true);
    });

    it('counts a URL as a link and fetches nothing; refuses broken data: URIs with a 400', () => {
      const urls = ['https://images.example.test/broken-vase.png', 'http://127.0.0.1:9/photo.png', 'file:///etc/passwd'];
      expect(attachedPhotos(urls.map((contentUrl) => ({ contentType: 'image/png', contentUrl })))).to.deep.equal({ photos: [], links: 3 });
      const refused = [
        ['data:image/png,%89PNG', /base64/],
        ['data:image/png;base64,@@@@', /not valid base64/],
      ] as const;
      for (const [url, message] of refused) {
        expect(() => attachedPhotos([{ contentType: 'image/png', contentUrl: url }]), url)
          .to.throw(message)
          .with.property('status', 400);
      }
    });

    it('answers 413 before decoding a data: URI that cannot fit', () => {
      expect(() => attachedPhotos([{ contentUrl: dataUri(pngImage(4, 3, [0, 0, 0], 5000)) }], 4096)).to.throw(/too large/);
    });
  });

  describe('PhotoLinks', () => {
    const links = new PhotoLinks('a-secret-of-at-least-thirty-two-characters', 'https://bot.example.test');
    const queryOf = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams);

    it('signs links that open one photo for 15 minutes', () => {
      const now = 1_800_000_000_000;
      const query = queryOf(links.path(7, now));
      expect(links.check(7, query, now + 14 * 60_000)).to.equal('valid');
      expect(links.check(7, query, now + 15 * 60_000)).to.equal('expired');
      expect(links.check(8, query, now), 'another photo').to.equal('invalid');
      expect(links.check(7, { ...query, exp: String(now + 3_600_000) }, now), 'a later expiry').to.equal('invalid');
      expect(new PhotoLinks('another-secret-of-at-least-thirty-two-chars').check(7, query, now), 'another key').to.equal('invalid');
      expect(links.absolute(7, now)).to.match(/^https:\/\/bot\.example\.test\/agent\/photos\/7\?exp=\d+&sig=[\w-]+$/);
      expect(new PhotoLinks('a-secret-of-at-least-thirty-two-characters').absolute(7, now), 'no PUBLIC_URL').to.equal(undefined);
    });
  });
});
