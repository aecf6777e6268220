import { expect } from 'chai';
import { buildManifest, type TeamsManifest } from '../../manifest/build-manifest';
import { shippedSchemaPath, validateManifest } from '../../manifest/validate-manifest';

const appId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const publicUrl = 'https://help.pebble-pine.example';

function withBot(manifest: TeamsManifest, bot: Record<string, unknown>): TeamsManifest {
  return { ...manifest, bots: [{ ...manifest.bots[0], ...bot }] };
}

describe('validate-manifest', () => {
  const manifest = buildManifest({ appId, publicUrl, version: '1.0.0' });

  describe('validateManifest', () => {
    it('accepts the built manifest against the schema shipped in @microsoft/app-manifest', async () => {
      expect(await validateManifest(manifest)).to.deep.equal({ status: 'valid' });
    });

    it('accepts the manifest with Teams SSO (webApplicationInfo)', async () => {
      const withSso = buildManifest({ appId, publicUrl, version: '1.0.0', ssoClientId: '5b1c1a4e-3c8e-4f0a-9d51-6d7e8f9a0b1c' });
      expect(await validateManifest(withSso)).to.deep.equal({ status: 'valid' });
    });

    it('reports a webApplicationInfo whose id is not a GUID', async () => {
      const withBadId: TeamsManifest = { ...manifest, webApplicationInfo: { id: 'my-tab', resource: 'api://h/my-tab' } };
      const result = await validateManifest(withBadId);
      expect(result.status).to.equal('invalid');
      if (result.status === 'invalid') expect(result.errors.join('\n')).to.match(/^\/webApplicationInfo\/id /m);
    });

    it('reports a botId that is not a GUID at its path', async () => {
      const result = await validateManifest(withBot(manifest, { botId: 'not-a-guid' }));
      expect(result.status).to.equal('invalid');
      if (result.status === 'invalid') expect(result.errors.join('\n')).to.match(/^\/bots\/0\/botId must match pattern/m);
    });

    it('reports the lower-case groupchat scope of old samples', async () => {
      const result = await validateManifest(withBot(manifest, { scopes: ['personal', 'team', 'groupchat'] }));
      expect(result.status).to.equal('invalid');
      if (result.status === 'invalid') {
        expect(result.errors).to.have.length(1);
        expect(result.errors[0]).to.match(/^\/bots\/0\/scopes\/2 must be equal to one of the allowed values/);
      }
    });

    it('reports a missing required field', async () => {
      const { accentColor: _dropped, ...withoutAccent } = manifest;
      const result = await validateManifest(withoutAccent);
      expect(result.status).to.equal('invalid');
      if (result.status === 'invalid') expect(result.errors.join('\n')).to.include('accentColor');
    });

    it('refuses a schema URL the package does not ship instead of fetching it', async () => {
      const result = await validateManifest({ ...manifest, $schema: 'https://schemas.example.com/teams/v9.json' });
      expect(result).to.deep.equal({
        status: 'invalid',
        errors: ['/$schema https://schemas.example.com/teams/v9.json is not shipped with @microsoft/app-manifest'],
      });
    });

    it('skips the check with a reason when the package is not installed', async () => {
      const result = await validateManifest(manifest, async () => undefined);
      expect(result.status).to.equal('skipped');
      if (result.status === 'skipped') expect(result.reason).to.include('@microsoft/app-manifest');
    });
  });

  describe('shippedSchemaPath', () => {
    it('finds the local copy of a published Teams schema', () => {
      expect(shippedSchemaPath(manifest.$schema)).to.match(/json-schemas\/teams\/v1\.\d+\/MicrosoftTeams\.schema\.json$/);
    });

    it('returns undefined for a version that does not exist or a path escaping the folder', () => {
      expect(shippedSchemaPath('https://developer.microsoft.com/json-schemas/teams/v1.99/MicrosoftTeams.schema.json')).to.equal(undefined);
      expect(shippedSchemaPath('https://developer.microsoft.com/json-schemas/../package.json')).to.equal(undefined);
    });
  });
});
