import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { ENTRA_JWKS_URL, loadConfig } from '../../bot/config';
import { serverCommand } from '../../bench/lib/server-process';
import { configError } from '../helpers/config-error';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3978);
    expect(c.databaseUrl).to.equal('sqlite:./data/support-bot.sqlite');
    expect(c.agentTimeoutMs).to.equal(300_000);
    expect(c.conversationIdleMs).to.equal(30 * 60_000);
    expect(c.maxBodyBytes).to.equal(262_144);
    expect(c.devAuth).to.equal(true);
    expect(c.adminKeyOrigin).to.equal('generated');
    expect(c.adminApiKey).to.be.a('string').with.length.greaterThan(16);
    expect(Object.isFrozen(c)).to.equal(true);
  });

  it('names the variable and the problem for a bad number', () => {
    expect(configError({ PORT: 'eighty' })).to.match(/PORT: must be a whole number/);
    expect(configError({ PORT: '70000' })).to.match(/PORT/);
  });

  it('names every bad variable at once', () => {
    const message = configError({ AGENT_TIMEOUT_S: '-1', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    expect(message)
      .to.match(/AGENT_TIMEOUT_S/)
      .and.match(/DATABASE_URL: must be sqlite/)
      .and.match(/LOG_LEVEL/);
  });

  it('refuses to run without credentials in production', () => {
    expect(configError({ NODE_ENV: 'production', WEBCHAT_SECRET: 'x'.repeat(40) })).to.match(/MicrosoftAppId: required/);
  });

  it('reads NODE_ENV without case: only unset, development and test mean development', () => {
    for (const nodeEnv of ['Production', 'PRODUCTION', 'prod', 'staging', ' production ']) {
      expect(configError({ NODE_ENV: nodeEnv, WEBCHAT_SECRET: 'x'.repeat(40) }), nodeEnv).to.match(
        /MicrosoftAppId: required in production/,
      );
    }
    for (const nodeEnv of ['', 'development', 'Development', 'TEST', 'test']) {
      const c = loadConfig({ NODE_ENV: nodeEnv });
      expect(c.production, nodeEnv).to.equal(false);
      expect(c.adminKeyOrigin, nodeEnv).to.equal('generated');
    }
  });

  it('stops the real server with exit code 2 for NODE_ENV=Production without credentials', function () {
    this.timeout(60_000);
    const started = spawnSync(process.execPath, serverCommand(), {
      env: { PATH: process.env.PATH, NODE_ENV: 'Production', DATABASE_URL: 'sqlite::memory:', PORT: '0' },
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(started.status, `stdout: ${started.stdout} stderr: ${started.stderr}`).to.equal(2);
    expect(started.stderr).to.match(/MicrosoftAppId: required in production, NODE_ENV=Production/);
    expect(started.stdout, 'no generated keys printed').to.not.match(/Admin key/);
  });

  it('leaves the admin key missing (never generated) in production', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'secret',
      WEBCHAT_SECRET: 'x'.repeat(40),
    });
    expect(c.adminApiKey).to.equal(undefined);
    expect(c.adminKeyOrigin).to.equal('missing');
    expect(c.devAuth).to.equal(false);
  });

  it('requires a password beside an app id', () => {
    expect(configError({ MicrosoftAppId: 'abc' })).to.match(/MicrosoftAppPassword/);
  });

  it('refuses a non-https PUBLIC_URL and a short ADMIN_API_KEY', () => {
    expect(configError({ PUBLIC_URL: 'http://bot.example.com' })).to.match(/PUBLIC_URL/);
    expect(configError({ ADMIN_API_KEY: 'short' })).to.match(/ADMIN_API_KEY: must be at least 16/);
  });

  describe('Teams SSO of the agent tab', () => {
    const clientId = '5b1c1a4e-3c8e-4f0a-9d51-6d7e8f9a0b1c';
    const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';

    it('is off without TEAMS_SSO_CLIENT_ID, and reads no agent key any more', () => {
      const c = loadConfig({ AGENT_API_KEY: 'a-shared-key-of-the-old-kind' });
      expect(c.teamsSso).to.equal(undefined);
      expect(Object.keys(c).filter((k) => /agent(Api)?Key/.test(k))).to.deep.equal([]);
    });

    it("checks tokens of MicrosoftAppTenantId against Entra's keys by default", () => {
      const c = loadConfig({ TEAMS_SSO_CLIENT_ID: clientId, MicrosoftAppTenantId: tenantId });
      expect(c.teamsSso).to.deep.equal({ clientId, tenantId, jwksUrl: ENTRA_JWKS_URL });
    });

    it('requires MicrosoftAppTenantId, a GUID client id, and https keys unless they are local', () => {
      expect(configError({ TEAMS_SSO_CLIENT_ID: clientId })).to.match(/MicrosoftAppTenantId: required when TEAMS_SSO_CLIENT_ID is set/);
      expect(configError({ TEAMS_SSO_CLIENT_ID: 'my-tab', MicrosoftAppTenantId: tenantId })).to.match(/TEAMS_SSO_CLIENT_ID: must be/);
      const sso = { TEAMS_SSO_CLIENT_ID: clientId, MicrosoftAppTenantId: tenantId };
      expect(configError({ ...sso, TEAMS_SSO_JWKS_URL: 'http://keys.example.com/keys' })).to.match(/TEAMS_SSO_JWKS_URL: must be https/);
      expect(loadConfig({ ...sso, TEAMS_SSO_JWKS_URL: 'http://127.0.0.1:9999/keys' }).teamsSso?.jwksUrl).to.equal(
        'http://127.0.0.1:9999/keys',
      );
    });
  });
});
