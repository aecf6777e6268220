import { expect } from 'chai';
import fc from 'fast-check';
import sinon from 'sinon';
import { CustomerDialog } from '../../dialogs/customer-dialog';
import type { CustomerMessage } from '../../dialogs/decision';
import { applyEffects } from '../../dialogs/effects';
import { emailAnswerOf, mayAnswerEmailOffer } from '../../dialogs/email-capture';
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
      expect(emailAnswerOf(row('offered'), 'Ada.Lovelace@Example.org', 'en')).to.deep.equal({
        kind: 'address',
        email: 'ada.lovelace@example.org',
      });
      expect(emailAnswerOf(row('offered'), 'sure: ada+shop@example.co.uk.', 'en')).to.deep.equal({
        kind: 'address',
        email: 'ada+shop@example.co.uk',
      });
      expect(emailAnswerOf(row('confirming', 'a@example.com'), 'oops, it is ada@example.net', 'en')).to.deep.equal({
        kind: 'address',
        email: 'ada@example.net',
      });
    });

    it('calls look-alikes bad addresses instead of storing them', () => {
      for (const typed of ['ada@example', 'ada@@example.com', '@example.com', 'ada@', 'ada@exa_mple.com'])
        expect(emailAnswerOf(row('offered'), typed, 'en'), typed).to.deep.include({ kind: 'bad_address' });
    });

    it('reads yes and no only as the answer to the consent question', () => {
      expect(emailAnswerOf(row('confirming', 'a@example.com'), 'Yes', 'en')).to.deep.equal({ kind: 'consent', yes: true });
      expect(emailAnswerOf(row('confirming', 'a@example.com'), 'no', 'en')).to.deep.equal({ kind: 'consent', yes: false });
      expect(emailAnswerOf(row('offered'), 'yes', 'en'), 'a yes to the offer is not consent to an address').to.equal(undefined);
      expect(emailAnswerOf(row('offered'), 'No thanks', 'en')).to.deep.equal({ kind: 'decline' });
    });

    it('leaves every other message to the rest of the dialog, and ignores settled follow-ups', () => {
      expect(emailAnswerOf(row('offered'), 'where is my parcel?', 'en')).to.equal(undefined);
      expect(
        emailAnswerOf(row('offered'), 'where is order PP-123456, the email on it is ada@example.com', 'en'),
        'an order lookup',
      ).to.equal(undefined);
      expect(emailAnswerOf(row('confirming', 'a@example.com'), 'no, I need to change my delivery address please', 'en')).to.equal(
        undefined,
      );
      expect(emailAnswerOf(row('consented', 'a@example.com'), 'ada@example.net', 'en')).to.equal(undefined);
      expect(emailAnswerOf(row('declined'), 'ada@example.net', 'en')).to.equal(undefined);
      expect(emailAnswerOf(undefined, 'ada@example.net', 'en')).to.equal(undefined);
    });
  });

  describe('mayAnswerEmailOffer', () => {
    const statuses: EmailStatus[] = ['offered', 'confirming', 'consented', 'declined'];
    const words = fc.constantFrom(
      'yes',
      'No',
      'no thanks',
      'nope',
      'sure',
      'ok',
      'where',
      'is',
      'my',
      'order',
      'ada@example.org',
      'a@b',
      '@',
      'No thanks',
    );
    const texts = fc.oneof(
      fc.string(),
      fc.array(words, { maxLength: 7 }).map((w) => w.join(' ')),
    );

    it('is true for every text some pending offer takes as an answer', () => {
      fc.assert(
        fc.property(texts, (text) => {
          const answered = statuses.some((status) => emailAnswerOf(row(status, 'a@example.com'), text, 'en') !== undefined);
          if (answered) expect(mayAnswerEmailOffer(text, 'en'), text).to.equal(true);
        }),
        { numRuns: 2000 },
      );
      for (const text of ['ada@example.org', 'yes', 'No thanks', 'no', 'it is ada@example'])
        expect(mayAnswerEmailOffer(text, 'en'), text).to.equal(true);
    });

    it('is false for questions, so their turns skip the follow-up look-up', () => {
      for (const text of [
        'where is my parcel?',
        'where is order PP-123456, the email on it is ada@example.com',
        'no, I need to change my delivery address please',
        '',
      ])
        expect(mayAnswerEmailOffer(text, 'en'), text).to.equal(false);
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

    it('looks the follow-up up only for a message shaped like an answer to it', async () => {
      const lookUp = sinon.spy(repos.customers, 'emailFollowUp');
      await dialog.textToUnderstand(message('where is my parcel?'), initialState());
      expect(lookUp.callCount).to.equal(0);
      await dialog.textToUnderstand(message('no thanks'), initialState());
      expect(lookUp.callCount).to.equal(1);
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
