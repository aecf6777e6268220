import { expect } from 'chai';
import { CustomerDialog } from '../../dialogs/customer-dialog';
import type { CustomerMessage } from '../../dialogs/decision';
import type { Understanding } from '../../dialogs/ports';
import { initialState } from '../../dialogs/state';
import { isTicketStatusQuestion } from '../../dialogs/ticket-status';
import type { CustomerTicketStatus } from '../../store/ticket-status';
import { memoryDialogRepositories } from '../fakes/memory-repositories';

const GREETING: Understanding = {
  intent: 'greeting',
  confidence: 0.9,
  outOfScope: false,
  margin: 0.5,
  alternatives: [],
  entities: [],
  sentiment: 0,
};

const TICKET: CustomerTicketStatus = {
  ticketId: 41,
  status: 'assigned',
  subject: 'My lamp arrived with a cracked shade',
  openedAt: 1_000,
  lastAgentReply: { text: 'A new shade is on its way to you.', at: 2_000 },
};

describe('isTicketStatusQuestion', () => {
  for (const text of [
    'did anyone answer my ticket?',
    'Has anybody replied yet',
    'any news on my ticket',
    'what is the status of my case?',
    'have you got back to me about my enquiry',
    'did someone look at it?',
  ]) {
    it(`asks about a ticket: "${text}"`, () => expect(isTicketStatusQuestion(text, 'en')).to.equal(true));
  }
  for (const text of [
    'I want to open a ticket',
    'where is my order?',
    'any news on my refund?',
    'what is the status of my refund request',
    'can I talk to a person',
    'my case arrived broken',
  ]) {
    it(`does not ask about a ticket: "${text}"`, () => expect(isTicketStatusQuestion(text, 'en')).to.equal(false));
  }
});

describe("CustomerDialog and a question about the customer's ticket", () => {
  let repos: ReturnType<typeof memoryDialogRepositories>;
  let dialog: CustomerDialog;
  const message = (text: string): CustomerMessage => ({
    channelId: 'directline',
    conversationId: 'c-1',
    customerId: 'directline:dl_returning01',
    text,
    sourceKey: `directline|c-1|${text}`,
    messageId: 1,
    hasFirstIntent: true,
    language: 'en',
  });

  beforeEach(() => {
    repos = memoryDialogRepositories();
    dialog = new CustomerDialog({
      repos,
      kb: { search: () => [], get: () => undefined },
      orders: { find: async () => undefined },
      nlu: { understand: async () => GREETING },
    });
  });

  it("answers with the ticket's status and the agent's latest reply, without asking the NLU", async () => {
    repos.ticketStatus.latest.set('directline:dl_returning01', TICKET);
    const asked = message('did anyone answer my ticket?');
    expect(await dialog.textToUnderstand(asked, initialState()), 'no NLU reading needed').to.equal(undefined);
    const decision = await dialog.decide(asked, initialState());
    expect(decision.replies).to.have.length(1);
    expect(decision.replies[0].text)
      .to.include('#41')
      .and.include('with one of our agents')
      .and.include('A new shade is on its way to you.');
    expect(decision.handoff).to.equal(undefined);
  });

  it('says nobody has replied yet when the ticket has no agent reply', async () => {
    repos.ticketStatus.latest.set('directline:dl_returning01', { ...TICKET, status: 'open', lastAgentReply: null });
    const decision = await dialog.decide(message('any update on my ticket?'), initialState());
    expect(decision.replies[0].text).to.include('#41').and.include('Nobody from our team has replied yet');
  });

  it('leaves the question to the NLU when the customer has no ticket', async () => {
    const asked = message('did anyone answer my ticket?');
    expect(await dialog.textToUnderstand(asked, initialState())).to.equal('did anyone answer my ticket?');
  });

  it('gives the answer for a turn it does not decide (a chat with an agent) only to a status question', async () => {
    repos.ticketStatus.latest.set('directline:dl_returning01', TICKET);
    expect((await dialog.ticketStatusAnswer(message('has anyone replied?')))?.text).to.include('#41');
    expect(await dialog.ticketStatusAnswer(message('the shade is cracked on one side'))).to.equal(undefined);
  });
});
