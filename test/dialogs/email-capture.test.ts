import { expect } from 'chai';
import { CustomerDialog } from '../../dialogs/customer-dialog';
import type { CustomerMessage } from '../../dialogs/decision';
import { applyEffects } from '../../dialogs/effects';
import { emailAnswerOf } from '../../dialogs/email-capture';
import { initialState, type SupportState } from '../../dialogs/state';
import type { DbCustomerEmailRow, EmailStatus } from '../../store/customer-emails';
import { memoryDialogRepositories } from '../fakes/memory-repositories';

const row = (status: EmailStatus, email: string | null = null): DbCustomerEmailRow => ({
  customer_id: 'webchat:ada',
  status,
  email,
  ticket_id: 42,
  offered_at: 1,
  consented_at: null,
  updated_at: 1,
});

describe('email capture', () => {
  describe('emailAnswerOf', () => {
    it('takes an address typed alone or inside a sentence, lower-cased, without trailing punctuation', () => {
      expect(emailAnswerOf(row('offered'), 'Ada.Lovelace@Example.org')).to.deep.equal({
        kind: 'address',
        email: 'ada.lovelace@example.org',
      });
      expect(emailAnswerOf(row('offered'), 'sure: ada+shop@example.co.uk.')).to.deep.equal({
        kind: 'address',
        email: 'ada+shop@example.co.uk',
      });
      expect(emailAnswerOf(row('confirming', 'a@example.com'), 'oops, it is ada@example.net')).to.deep.equal({
        kind: 'address',
        email: 'ada@example.net',
      });
    });

    it('calls look-alikes bad addresses instead of storing them', () => {
      for (const typed of ['ada@example', 'ada@@example.com', '@example.com', 'ada@', 'ada@exa_mple.com'])
        expect(emailAnswerOf(row('offered'), typed), typed).to.deep.include({ kind: 'bad_address' });
    });

    it('reads yes and no only as the answer to the consent question', () => {
      expect(emailAnswerOf(row('confirming', 'a@example.com'), 'Yes')).to.deep.equal({ kind: 'consent', yes: true });
      expect(emailAnswerOf(row('confirming', 'a@example.com'), 'no')).to.deep.equal({ kind: 'consent', yes: false });
      expect(emailAnswerOf(row('offered'), 'yes'), 'a yes to the offer is not consent to an address').to.equal(undefined);
      expect(emailAnswerOf(row('offered'), 'No thanks')).to.deep.equal({ kind: 'decline' });
    });

    it('leaves every other message to the rest of the dialog, and ignores settled follow-ups', () => {
      expect(emailAnswerOf(row('offered'), 'where is my parcel?')).to.equal(undefined);
      expect(emailAnswerOf(row('offered'), 'where is order PP-123456, the email on it is ada@example.com'), 'an order lookup').to.equal(
        undefined,
      );
      expect(emailAnswerOf(row('confirming', 'a@example.com'), 'no, I need to change my delivery address please')).to.equal(undefined);
      expect(emailAnswerOf(row('consented', 'a@example.com'), 'ada@example.net')).to.equal(undefined);
      expect(emailAnswerOf(row('declined'), 'ada@example.net')).to.equal(undefined);
      expect(emailAnswerOf(undefined, 'ada@example.net')).to.equal(undefined);
    });
  });

  describe('in the customer dialog', () => {
    let repos: ReturnType<typeof memoryDialogRepositories>;
    let dialog: CustomerDialog;
    const message = (text: string): CustomerMessage => ({
      channelId: 'webchat',
      conversationId: 'c-1',
      customerId: 'webchat:ada',
      messageId: 1,
      text,
      sourceKey: `k-${text}`,
      hasFirstIntent: true,
      language: 'en',
    });
    const decide = async (text: string, state: SupportState = initialState()) => {
      const d = await dialog.decide(message(text), state);
      await applyEffects(repos, d.effects);
      return d;
    };

    beforeEach(() => {
      repos = memoryDialogRepositories();
      repos.customers.emails.set('webchat:ada', row('offered'));
      dialog = new CustomerDialog({
        repos,
        kb: { search: () => [], get: () => undefined },
        orders: { find: async () => undefined },
        nlu: {
          understand: () => {
            throw new Error('the NLU is not asked about email answers');
          },
        },
      });
    });

    it('needs no NLU for an address, and the NLU still reads other questions', async () => {
      expect(await dialog.textToUnderstand(message('ada@example.org'), initialState())).to.equal(undefined);
      expect(await dialog.textToUnderstand(message('where is my parcel?'), initialState())).to.equal('where is my parcel?');
    });

    it('stores the address only once the customer said yes to keeping it', async () => {
      const asked = await decide('ada@example.org');
      expect(asked.replies[0].text).to.contain('May we keep ada@example.org').and.contain('ticket #42');
      expect(repos.customers.emails.get('webchat:ada')).to.include({ status: 'confirming', consented_at: null });
      const thanked = await decide('yes');
      expect(thanked.replies[0].text).to.contain("we'll email you at ada@example.org");
      expect(repos.customers.emails.get('webchat:ada')).to.include({ status: 'consented', email: 'ada@example.org' });
    });

    it('takes the email answer before a pending "did this help?" vote', async () => {
      await decide('ada@example.org');
      const state = {
        ...initialState(),
        kb: { articleId: 'returns', shownIds: ['returns'], query: 'returns', intent: null, confidence: 0 },
      };
      const d = await decide('no', state);
      expect(d.effects.map((e) => e.type)).to.deep.equal(['email']);
      expect(repos.customers.emails.get('webchat:ada')).to.include({ status: 'declined', email: null });
    });
  });
});
