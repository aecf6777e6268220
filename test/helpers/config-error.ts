import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../bot/config';

/** The message of the {@link ConfigError} `loadConfig(env)` throws; fails the test when it passes. */
export function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}
