import { expect } from 'chai';
import { SHIPPED_LANGUAGES, type Language } from '../../common/languages';
import { PhraseList } from '../../common/phrase-patterns';
import { isLeaveRequest } from '../../bot/handoff/end-chat';
import { emailAnswerOf } from '../../dialogs/email-capture';
import { isNo, isYes } from '../../dialogs/shortcuts';
import { parseRating } from '../../dialogs/survey-rating';
import { isTicketStatusQuestion } from '../../dialogs/ticket-status';
import { TYPED_ANSWER_FILES, typedAnswersFileSchema } from '../../dialogs/typed-answers';
import type { DbCustomerEmailRow } from '../../store/customer-emails';

/** Per language: what must be read as each answer, and what must not. */
interface Cases {
  yes: string[];
  no: string[];
  neither: string[];
  leave: string[];
  notLeave: string[];
  ticketStatus: string[];
  notTicketStatus: string[];
  ratings: Array<[string, number]>;
  notRatings: string[];
}

const CASES: Record<Language, Cases> = {
  en: {
    yes: ['yes', 'Yes please!', 'yep, thanks', 'sure'],
    no: ['no', 'Nope.', 'not really', 'no thanks'],
    neither: ['thanks', 'yes but where is my parcel that I ordered last week', 'nobody answered'],
    leave: ['end chat', 'Leave the queue.', 'quit', 'End'],
    notLeave: ['please end my subscription', 'leave it at the door'],
    ticketStatus: ['did anyone answer my ticket?', 'any news on my case'],
    notTicketStatus: ['I want to open a ticket', 'my case arrived broken'],
    ratings: [
      ['5', 5],
      ['Five.', 5],
      ['4 stars', 4],
      ['three out of five', 3],
      ['full marks', 5],
    ],
    notRatings: ['5 lamps', 'six', 'give me five minutes'],
  },
  de: {
    yes: ['ja', 'Ja klar', 'gerne', 'ja, bitte', 'Genau!', 'yes'],
    no: ['nein', 'Nein danke', 'nee', 'lieber nicht', 'no'],
    neither: [
      'Ich habe ja schon gestern bestellt und warte immer noch auf mein Paket',
      'Ja, aber ich möchte wissen, wo mein Paket ist, das ich letzte Woche bestellt habe',
      'Neinsager gibt es überall',
      'jahrelang Kunde',
    ],
    leave: ['Chat beenden', 'ich möchte den Chat beenden', 'Warteschlange verlassen!', 'end chat'],
    notLeave: ['Ich möchte meine Bestellung beenden, bitte', 'Der Chat ist gut, nicht beenden bitte'],
    ticketStatus: ['Gibt es Neuigkeiten zu meinem Ticket?', 'Wie ist der Stand meiner Anfrage?', 'Hat sich schon jemand gemeldet?'],
    notTicketStatus: ['Ich möchte ein Ticket eröffnen', 'Gibt es Neuigkeiten zu meiner Rückerstattung?'],
    ratings: [
      ['fünf', 5],
      ['Vier Sterne', 4],
      ['5 Sterne', 5],
      ['drei von fünf', 3],
      ['ein Stern', 1],
      ['five', 5],
    ],
    notRatings: ['fünf Lampen', 'sechs', 'vierzig'],
  },
  zh: {
    yes: ['是的', '好的', '对', '好的，谢谢', '是的！', 'yes'],
    no: ['不用了', '不要', '不用了，谢谢', '没有', 'no'],
    neither: ['对不起，我的订单还没到', '不要取消我的订单', '是的我想问一下我的订单什么时候能到', '好多天了还没发货'],
    leave: ['结束对话', '不聊了', '我想结束聊天', '退出排队。', 'end chat'],
    notLeave: ['我不想结束对话，我还有问题', '结束对话之前我想再问一个问题'],
    ticketStatus: ['我的工单有进展吗', '我的投诉有回复了吗？', '有人回复我了吗'],
    notTicketStatus: ['我想提交一个工单', '我的退款有进展吗', '退款处理得这么慢，我要投诉', '我申请的退款有结果了吗'],
    ratings: [
      ['五', 5],
      ['五星', 5],
      ['5分', 5],
      ['四颗星', 4],
      ['满分', 5],
      ['5/5', 5],
    ],
    notRatings: ['五个灯', '六', '五十'],
  },
};

function followUp(status: DbCustomerEmailRow['status']): DbCustomerEmailRow {
  return { customer_id: 'c', status, email: 'ada@example.com', ticket_id: 7, offered_at: 1, consented_at: null, updated_at: 1 };
}

describe('typed answers', () => {
  it('refuses an empty phrase list, which would match every text', () => {
    expect(() => new PhraseList([])).to.throw(/no patterns/);
  });

  it('does not take a yes taken back by the words after it for a yes, nor for consent to the email', () => {
    const takenBack: Array<[Language, string]> = [
      ['en', 'please dont'],
      ['en', 'yes, no, not that one'],
      ['de', 'natürlich nicht'],
      ['de', 'bitte nicht'],
      ['de', 'ja nein'],
      ['de', 'sicher keine E-Mail'],
      ['zh', '好的，不用了'],
      ['zh', '可以，别发了'],
    ];
    for (const [language, text] of takenBack) {
      expect(isYes(text, language), text).to.equal(false);
      expect(emailAnswerOf(followUp('confirming'), text, language), text).to.not.deep.equal({ kind: 'consent', yes: true });
    }
  });

  describe('the files', () => {
    for (const language of SHIPPED_LANGUAGES) {
      it(`has a valid file for ${language}`, () => {
        const parsed = typedAnswersFileSchema.safeParse(TYPED_ANSWER_FILES[language]);
        expect(parsed.success, parsed.error?.message).to.equal(true);
      });
    }
  });

  for (const language of SHIPPED_LANGUAGES) {
    const c = CASES[language];
    describe(`in ${language}`, () => {
      it('reads short yeses and noes, in the language and in English', () => {
        for (const text of c.yes) expect([isYes(text, language), isNo(text, language)], text).to.deep.equal([true, false]);
        for (const text of c.no) expect([isYes(text, language), isNo(text, language)], text).to.deep.equal([false, true]);
      });

      it('leaves longer sentences and look-alike words to the NLU', () => {
        for (const text of c.neither) expect([isYes(text, language), isNo(text, language)], text).to.deep.equal([false, false]);
      });

      it('takes a yes or no as the answer to the email consent question', () => {
        for (const text of c.yes)
          expect(emailAnswerOf(followUp('confirming'), text, language), text).to.deep.equal({ kind: 'consent', yes: true });
        for (const text of c.no)
          expect(emailAnswerOf(followUp('confirming'), text, language), text).to.deep.equal({ kind: 'consent', yes: false });
        for (const text of c.neither) expect(emailAnswerOf(followUp('confirming'), text, language), text).to.equal(undefined);
      });

      it('asks to confirm leaving a live chat only for whole requests to leave', () => {
        for (const text of c.leave) expect(isLeaveRequest(text, language), text).to.equal(true);
        for (const text of c.notLeave) expect(isLeaveRequest(text, language), text).to.equal(false);
      });

      it("recognises questions about the customer's ticket", () => {
        for (const text of c.ticketStatus) expect(isTicketStatusQuestion(text, language), text).to.equal(true);
        for (const text of c.notTicketStatus) expect(isTicketStatusQuestion(text, language), text).to.equal(false);
      });

      it('reads typed survey ratings, and nothing else as one', () => {
        for (const [text, rating] of c.ratings) expect(parseRating(text, language), text).to.equal(rating);
        for (const text of c.notRatings) expect(parseRating(text, language), text).to.equal(undefined);
      });
    });
  }

  it('reads "ok" as a yes only to the email consent question (elsewhere it closes a conversation)', () => {
    for (const text of ['ok', 'Okay.']) {
      expect(isYes(text, 'en'), text).to.equal(false);
      expect(emailAnswerOf(followUp('confirming'), text, 'en'), text).to.deep.equal({ kind: 'consent', yes: true });
    }
  });

  it("does not read one language's words in another (only English is always read)", () => {
    expect(isYes('ja klar', 'zh'), '"ja klar" in a Chinese message').to.equal(false);
    expect(isNo('不用了', 'de'), '"不用了" in a German message').to.equal(false);
    expect(isLeaveRequest('Chat beenden', 'en'), 'German in an English message').to.equal(false);
    expect(parseRating('vier Sterne', 'en')).to.equal(undefined);
  });
});
