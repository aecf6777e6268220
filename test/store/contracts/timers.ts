import { expect } from 'chai';
import type { TimerRepository } from '../../../store/repositories';
import type { Contract, Subject } from './backends';

const T0 = 3_000_000;
const LEASE = 60_000;

export const timersContract: Contract<Subject<{ timers: TimerRepository }>> = (make) => {
  const setUp = async () => (await make()).repos.timers;

  it('schedule: a timer is claimable from its due time with its payload; cancel removes it', async () => {
    const timers = await setUp();
    await timers.schedule({ kind: 'handoff_timeout', key: 'h1', dueAt: T0, payload: { handoffId: 1 } });
    await timers.schedule({ kind: 'handoff_timeout', key: 'h2', dueAt: T0 });
    expect(await timers.claimDue('a', T0 - 1, LEASE)).to.deep.equal([]);
    const due = await timers.claimDue('a', T0, LEASE);
    expect(due.map((t) => [t.kind, t.key, t.due_at, t.payload === null ? null : JSON.parse(t.payload)])).to.have.deep.members([
      ['handoff_timeout', 'h1', T0, { handoffId: 1 }],
      ['handoff_timeout', 'h2', T0, null],
    ]);
    await timers.schedule({ kind: 'idle', key: 'c1', dueAt: T0 });
    await timers.cancel('idle', 'c1');
    expect(await timers.claimDue('b', T0 + 2 * LEASE, LEASE)).to.have.length(2);
  });

  it('scheduling a timer again moves it and drops its lease', async () => {
    const timers = await setUp();
    await timers.schedule({ kind: 'idle', key: 'c1', dueAt: T0 });
    expect(await timers.claimDue('a', T0, LEASE)).to.have.length(1);
    await timers.schedule({ kind: 'idle', key: 'c1', dueAt: T0 + 10 });
    expect(await timers.claimDue('b', T0 + 9, LEASE)).to.deep.equal([]);
    const [moved] = await timers.claimDue('b', T0 + 10, LEASE);
    expect(moved).to.include({ kind: 'idle', key: 'c1', due_at: T0 + 10 });
  });

  it('claimDue leases a timer to one owner until the lease expires, then another owner takes it over', async () => {
    const timers = await setUp();
    await timers.schedule({ kind: 'idle', key: 'c1', dueAt: T0 });
    expect(await timers.claimDue('a', T0, LEASE)).to.have.length(1);
    expect(await timers.claimDue('b', T0 + 1, LEASE)).to.deep.equal([]);
    expect(await timers.claimDue('b', T0 + LEASE, LEASE)).to.deep.equal([]);
    expect(await timers.claimDue('b', T0 + LEASE + 1, LEASE)).to.have.length(1);
  });

  it('claimDue returns at most `limit` timers, the earliest first', async () => {
    const timers = await setUp();
    for (const n of [3, 1, 2]) await timers.schedule({ kind: 'idle', key: `c${n}`, dueAt: T0 + n });
    expect((await timers.claimDue('a', T0 + 10, LEASE, 2)).map((t) => t.key)).to.deep.equal(['c1', 'c2']);
    expect((await timers.claimDue('b', T0 + 10, LEASE, 2)).map((t) => t.key)).to.deep.equal(['c3']);
  });

  it('two owners claiming concurrently never both get the same timer', async () => {
    const timers = await setUp();
    for (let n = 0; n < 30; n++) await timers.schedule({ kind: 'idle', key: `c${n}`, dueAt: T0 });
    const got = { a: [] as number[], b: [] as number[] };
    for (let round = 0; round < 10; round++) {
      const [a, b] = await Promise.all([timers.claimDue('a', T0 + 1, LEASE, 4), timers.claimDue('b', T0 + 1, LEASE, 4)]);
      got.a.push(...a.map((t) => t.id));
      got.b.push(...b.map((t) => t.id));
      if (a.length === 0 && b.length === 0) break;
    }
    const all = [...got.a, ...got.b];
    expect(new Set(all).size, 'no timer leased twice').to.equal(all.length);
    expect(all).to.have.length(30);
  });

  it("complete deletes a timer only under the owner's lease and an unchanged due time", async () => {
    const timers = await setUp();
    for (const key of ['done', 'taken-over', 'moved']) await timers.schedule({ kind: 'idle', key, dueAt: T0 });
    const leased = await timers.claimDue('a', T0, LEASE);
    const leasedRow = (key: string) => leased.find((t) => t.key === key)!;
    await timers.complete(leasedRow('done'), 'a');
    // 'moved' is rescheduled and leased to a again; b takes 'taken-over' over after a's lease expired.
    await timers.schedule({ kind: 'idle', key: 'moved', dueAt: T0 + 2 * LEASE });
    expect((await timers.claimDue('b', T0 + LEASE + 1, LEASE)).map((t) => t.key)).to.deep.equal(['taken-over']);
    expect((await timers.claimDue('a', T0 + 2 * LEASE, LEASE)).map((t) => t.key)).to.deep.equal(['moved']);
    await timers.complete(leasedRow('taken-over'), 'a');
    await timers.complete(leasedRow('moved'), 'a');
    const remaining = await timers.claimDue('c', T0 + 10 * LEASE, LEASE);
    expect(remaining.map((t) => t.key)).to.have.members(['taken-over', 'moved']);
    for (const timer of remaining) await timers.complete(timer, 'c');
    expect(await timers.claimDue('d', T0 + 20 * LEASE, LEASE)).to.deep.equal([]);
  });
};
