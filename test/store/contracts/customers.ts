import { expect } from 'chai';
import type { CustomerRepository } from '../../../store/repositories';
import type { Contract, Subject } from './backends';

export const customersContract: Contract<Subject<{ customers: CustomerRepository }>> = (make) => {
  async function setUp() {
    const { repos, probe } = await make();
    const { customerId } = await probe.conversation();
    return { customers: repos.customers, probe, customerId };
  }

  it('isAtRisk is false for an unknown customer', async () => {
    const { customers, probe } = await setUp();
    await probe.fitSegments([{ id: 0, atRisk: true }]);
    expect(await customers.isAtRisk('webchat:nobody')).to.equal(false);
  });

  it('isAtRisk is false without a segment fit, even for a customer placed in a segment', async () => {
    const { customers, probe, customerId } = await setUp();
    expect(await customers.isAtRisk(customerId)).to.equal(false);
    await probe.placeCustomer(customerId, 1);
    expect(await customers.isAtRisk(customerId)).to.equal(false);
  });

  it('isAtRisk is false for a customer in no segment', async () => {
    const { customers, probe, customerId } = await setUp();
    await probe.fitSegments([{ id: 0, atRisk: true }]);
    await probe.placeCustomer(customerId, null);
    expect(await customers.isAtRisk(customerId)).to.equal(false);
  });

  it("isAtRisk follows the at-risk label of the customer's segment in the latest fit", async () => {
    const { customers, probe, customerId } = await setUp();
    await probe.placeCustomer(customerId, 1);
    await probe.fitSegments([
      { id: 0, atRisk: true },
      { id: 1, atRisk: false },
    ]);
    expect(await customers.isAtRisk(customerId), 'segment not at risk').to.equal(false);
    await probe.fitSegments([
      { id: 0, atRisk: false },
      { id: 1, atRisk: true },
    ]);
    expect(await customers.isAtRisk(customerId), 'segment at risk').to.equal(true);
    await probe.placeCustomer(customerId, 0);
    expect(await customers.isAtRisk(customerId), 'moved to a segment not at risk').to.equal(false);
  });
};
