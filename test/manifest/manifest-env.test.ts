import { expect } from 'chai';
import { parseManifestEnv } from '../../manifest/manifest-env';

const appId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

describe('manifest-env', () => {
  describe('parseManifestEnv', () => {
    it('returns the app id and the origin when both are valid', () => {
      const result = parseManifestEnv({ MicrosoftAppId: appId, PUBLIC_URL: 'https://support.example.com' });
      expect(result).to.deep.equal({ ok: true, settings: { appId, publicUrl: 'https://support.example.com' } });
    });

    it('returns the Teams SSO client id when TEAMS_SSO_CLIENT_ID is set, and refuses one that is not a GUID', () => {
      const ssoClientId = '5b1c1a4e-3c8e-4f0a-9d51-6d7e8f9a0b1c';
      const env = { MicrosoftAppId: appId, PUBLIC_URL: 'https://support.example.com' };
      expect(parseManifestEnv({ ...env, TEAMS_SSO_CLIENT_ID: ssoClientId })).to.deep.equal({
        ok: true,
        settings: { appId, publicUrl: 'https://support.example.com', ssoClientId },
      });
      expect(parseManifestEnv({ ...env, TEAMS_SSO_CLIENT_ID: '' })).to.deep.equal(parseManifestEnv(env));
      const bad = parseManifestEnv({ ...env, TEAMS_SSO_CLIENT_ID: 'my-tab' });
      expect(bad.ok).to.equal(false);
      if (!bad.ok) expect(bad.message).to.match(/^TEAMS_SSO_CLIENT_ID must be the Entra app \(client\) id/);
    });

    it('drops a trailing slash and keeps a non-default port', () => {
      const result = parseManifestEnv({ MicrosoftAppId: appId, PUBLIC_URL: 'https://support.example.com:8443/' });
      expect(result).to.deep.equal({ ok: true, settings: { appId, publicUrl: 'https://support.example.com:8443' } });
    });

    it('names both variables on one line when both are missing', () => {
      const result = parseManifestEnv({});
      expect(result.ok).to.equal(false);
      if (result.ok) return;
      expect(result.message).to.match(/MicrosoftAppId is missing/);
      expect(result.message).to.match(/PUBLIC_URL is missing/);
      expect(result.message).not.to.include('\n');
    });

    it('treats an empty variable as missing', () => {
      const result = parseManifestEnv({ MicrosoftAppId: '', PUBLIC_URL: 'https://support.example.com' });
      expect(result).to.deep.include({ ok: false });
      if (!result.ok) expect(result.message).to.equal("MicrosoftAppId is missing (the Azure Bot's Microsoft App ID, a GUID)");
    });

    it('refuses an app id that is not a GUID', () => {
      const result = parseManifestEnv({ MicrosoftAppId: 'my-bot', PUBLIC_URL: 'https://support.example.com' });
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.message).to.match(/^MicrosoftAppId must be a GUID/);
    });

    const badUrls: ReadonlyArray<[string, RegExp]> = [
      ['http://support.example.com', /must use https/],
      ['support.example.com', /must be an https origin/],
      ['https://support.example.com/bot', /must be an origin only/],
      ['https://support.example.com/?x=1', /must be an origin only/],
      ['https://user:secret@support.example.com', /must be an origin only/],
    ];
    for (const [url, expected] of badUrls) {
      it(`refuses PUBLIC_URL=${url}`, () => {
        const result = parseManifestEnv({ MicrosoftAppId: appId, PUBLIC_URL: url });
        expect(result.ok).to.equal(false);
        if (!result.ok) expect(result.message).to.match(expected);
      });
    }
  });
});
