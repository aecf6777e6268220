import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../common/project-root';
import { buildManifest, fillTemplate, loadTemplate } from '../../manifest/build-manifest';

const appId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const publicUrl = 'https://help.pebble-pine.example';

/** Every string in a JSON tree. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The highest `v1.N` Teams schema folder shipped in @microsoft/app-manifest. */
function newestShippedTeamsSchema(): string {
  const dir = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
  const minors = readdirSync(dir)
    .map((name) => /^v1\.(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]));
  return `1.${Math.max(...minors)}`;
}

describe('build-manifest', () => {
  describe('fillTemplate', () => {
    it('replaces placeholders inside nested strings and leaves other values alone', () => {
      const filled = fillTemplate({ a: ['${X}/path', 3, true, null], b: { c: 'id ${Y}' } }, { X: 'https://h', Y: '42' });
      expect(filled).to.deep.equal({ a: ['https://h/path', 3, true, null], b: { c: 'id 42' } });
    });

    it('throws naming a placeholder that has no value', () => {
      expect(() => fillTemplate({ a: '${MISSING}' }, {})).to.throw(/\$\{MISSING\}/);
    });
  });

  describe('buildManifest', () => {
    const manifest = buildManifest({ appId, publicUrl, version: '2.3.4' });

    it('uses the newest Teams schema version shipped with @microsoft/app-manifest', () => {
      const newest = newestShippedTeamsSchema();
      expect(manifest.manifestVersion).to.equal(newest);
      expect(manifest.$schema).to.equal(`https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`);
    });

    it('sets the app id, the bot id and the version', () => {
      expect(manifest.id).to.equal(appId);
      expect(manifest.bots[0].botId).to.equal(appId);
      expect(manifest.version).to.equal('2.3.4');
    });

    it('defaults the version to the one in package.json', () => {
      const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
      expect(buildManifest({ appId, publicUrl }).version).to.equal(version);
    });

    it('declares one bot in personal, team and groupChat scopes without files', () => {
      expect(manifest.bots[0].scopes).to.have.members(['personal', 'team', 'groupChat']);
      expect(manifest.bots[0]).to.include({ supportsFiles: false });
    });

    it('lists the customer commands in personal chats and the agent commands, with their leading /, in teams', () => {
      const [personal, team] = manifest.bots[0].commandLists as Array<{ scopes: string[] }>;
      expect(personal.scopes).to.deep.equal(['personal']);
      expect(strings(personal)).to.include.members(['help', 'track order', 'talk to a person']);
      expect(strings(personal), 'agent commands mean nothing in a customer chat').to.not.include('queue');
      expect(strings(team)).to.include.members(['queue', '/help', '/end', '/release', '/note', '/status']);
    });

    it('requests ChannelMessage.Read.Group so agents reply in a ticket thread without @mentioning the bot', () => {
      const { authorization } = manifest as { authorization?: { permissions?: { resourceSpecific?: unknown[] } } };
      expect(authorization?.permissions?.resourceSpecific).to.deep.include({ name: 'ChannelMessage.Read.Group', type: 'Application' });
    });

    it('pins an Agent queue tab at /agent', () => {
      expect(manifest.staticTabs).to.deep.include({
        entityId: 'agent-queue',
        name: 'Agent queue',
        contentUrl: `${publicUrl}/agent`,
        websiteUrl: `${publicUrl}/agent`,
        scopes: ['personal'],
      });
    });

    it('points every URL at the configured host and lists it in validDomains', () => {
      const urls = strings(manifest).filter((value) => /^https?:\/\//i.test(value) && value !== manifest.$schema);
      expect(urls).to.include.members([publicUrl, `${publicUrl}/privacy`, `${publicUrl}/terms`, `${publicUrl}/agent`]);
      for (const url of urls) expect(new URL(url).origin, url).to.equal(publicUrl);
      expect(manifest.validDomains).to.deep.equal(['help.pebble-pine.example']);
    });

    it('has no webApplicationInfo without a Teams SSO client id', () => {
      expect(manifest).not.to.have.property('webApplicationInfo');
    });

    it('declares the agent tab SSO app as api://<host>/<client id> when a client id is given', () => {
      const ssoClientId = '5b1c1a4e-3c8e-4f0a-9d51-6d7e8f9a0b1c';
      const withSso = buildManifest({ appId, publicUrl: 'https://help.pebble-pine.example:8443', version: '2.3.4', ssoClientId });
      expect(withSso.webApplicationInfo).to.deep.equal({
        id: ssoClientId,
        resource: `api://help.pebble-pine.example/${ssoClientId}`,
      });
    });

    it('leaves no placeholder unfilled', () => {
      expect(strings(manifest).filter((value) => value.includes('${'))).to.deep.equal([]);
    });

    it('names the developer and the app', () => {
      expect(manifest.developer).to.include({ name: 'Pebble & Pine' });
      expect(manifest.name).to.include({ short: 'Pebble & Pine Support' });
    });

    it('keeps the template key order', () => {
      const template = loadTemplate();
      if (template === null || typeof template !== 'object' || Array.isArray(template)) throw new Error('template is not an object');
      expect(Object.keys(manifest)).to.deep.equal(Object.keys(template));
    });
  });
});
