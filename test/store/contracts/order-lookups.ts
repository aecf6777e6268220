import { expect } from 'chai';
import { MINUTE_MS } from '../../../common/time';
import type { OrderLookupFailureRepository } from '../../../store/repositories';
import type { Contract, Subject } from './backends';

export const orderLookupsContract: Contract<Subject<{ orderLookups: OrderLookupFailureRepository }>> = (make) => {
  const now = Date.UTC(2026, 10, 30, 12, 0, 0);

  it('failures is 0 for keys that never failed', async () => {
    const { repos } = await make();
    expect(await repos.orderLookups.failures(['customer:nobody', 'ip:203.0.113.9'], now)).to.equal(0);
  });

  it('counts each failure for every key, and reports the most any key had', async () => {
    const { repos } = await make();
    const lookups = repos.orderLookups;
    await lookups.recordFailure(['customer:a', 'ip:203.0.113.1'], now);
    await lookups.recordFailure(['customer:b', 'ip:203.0.113.1'], now + MINUTE_MS);
    await lookups.recordFailure(['customer:b', 'ip:203.0.113.1'], now + 2 * MINUTE_MS);
    expect(await lookups.failures(['customer:a'], now + 3 * MINUTE_MS)).to.equal(1);
    expect(await lookups.failures(['customer:b'], now + 3 * MINUTE_MS)).to.equal(2);
    expect(await lookups.failures(['customer:a', 'ip:203.0.113.1'], now + 3 * MINUTE_MS)).to.equal(3);
  });

  it('forgets failures older than an hour', async () => {
    const { repos } = await make();
    const lookups = repos.orderLookups;
    await lookups.recordFailure(['customer:c'], now);
    await lookups.recordFailure(['customer:c'], now + 30 * MINUTE_MS);
    expect(await lookups.failures(['customer:c'], now + 59 * MINUTE_MS)).to.equal(2);
    expect(await lookups.failures(['customer:c'], now + 61 * MINUTE_MS)).to.equal(1);
    expect(await lookups.failures(['customer:c'], now + 91 * MINUTE_MS)).to.equal(0);
  });
};
