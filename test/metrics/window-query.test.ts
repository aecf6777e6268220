import { expect } from 'chai';
import { ZodError } from 'zod';
import { parseWindowQuery } from '../../store/metrics/window-query';

const now = Date.UTC(2026, 10, 25, 13, 0);

function issuePaths(query: unknown): string[] {
  try {
    parseWindowQuery(query, now);
  } catch (error) {
    if (error instanceof ZodError) return error.issues.map((i) => i.path.join('.'));
    throw error;
  }
  return [];
}

describe('parseWindowQuery', () => {
  it('defaults to the 30 days before now on every channel', () => {
    expect(parseWindowQuery({}, now)).to.deep.equal({ from: now - 30 * 86_400_000, to: now, channel: null });
  });

  it('reads dates as UTC midnights', () => {
    expect(parseWindowQuery({ from: '2026-10-01', to: '2026-11-01' }, now)).to.deep.equal({
      from: Date.UTC(2026, 9, 1),
      to: Date.UTC(2026, 10, 1),
      channel: null,
    });
  });

  it('converts datetimes with an offset to UTC', () => {
    const w = parseWindowQuery({ from: '2026-10-01T02:00:00+02:00', to: '2026-10-01T12:30:00.5Z', channel: 'msteams' }, now);
    expect(w).to.deep.equal({ from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 9, 1, 12, 30, 0, 500), channel: 'msteams' });
  });

  it('names the parameter that is wrong', () => {
    expect(issuePaths({ from: 'yesterday' })).to.deep.equal(['from']);
    expect(issuePaths({ to: '2026-10-01T10:00:00' })).to.deep.equal(['to']); // no offset: ambiguous
    expect(issuePaths({ from: '2026-02-30' })).to.deep.equal(['from']);
    expect(issuePaths({ channel: 'web chat' })).to.deep.equal(['channel']);
    expect(issuePaths({ from: '2026-10-02', to: '2026-10-01' })).to.deep.equal(['to']);
    expect(issuePaths({ from: '2010-01-01', to: '2026-01-01' })).to.deep.equal(['to']);
    expect(issuePaths({ from: ['2026-10-01', '2026-10-02'] })).to.deep.equal(['from']);
  });
});
