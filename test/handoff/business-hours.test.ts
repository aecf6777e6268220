import { expect } from 'chai';
import { loadConfig } from '../../bot/config';
import { describeOpening, isOpen, nextOpening, parseBusinessHours } from '../../bot/handoff/business-hours';
import { messagesFor } from '../../dialogs/messages';
import { configError } from '../helpers/config-error';

const en = messagesFor('en');

const SHOP = 'Mon-Fri 08:00-20:00; Sat 09:00-17:00';

describe('business hours', () => {
  describe('parseBusinessHours', () => {
    it('reads days, day ranges, lists and several ranges a day', () => {
      const hours = parseBusinessHours('Mon-Fri 08:00-12:00, 13:00-17:30; sat,Sun 10:00-14:00', 'UTC');
      expect(hours.always).to.equal(false);
      expect(hours.intervals.filter((i) => i.day === 1)).to.deep.equal([
        { day: 1, start: 480, end: 720 },
        { day: 1, start: 780, end: 1050 },
      ]);
      expect(hours.intervals.filter((i) => i.day === 0)).to.deep.equal([{ day: 0, start: 600, end: 840 }]);
      expect(hours.intervals).to.have.length(12);
    });

    it('wraps a day range over the weekend and accepts 24:00 as the end of the day', () => {
      const hours = parseBusinessHours('Fri-Mon 00:00-24:00');
      expect(hours.intervals.map((i) => i.day)).to.deep.equal([0, 1, 5, 6]);
      expect(hours.intervals[0]).to.include({ start: 0, end: 1440 });
    });

    it('is always open when unset', () => {
      const hours = parseBusinessHours(undefined, 'Europe/London');
      expect(hours.always).to.equal(true);
      expect(isOpen(hours, Date.UTC(2026, 11, 25, 3))).to.equal(true);
    });
  });

  describe('the environment', () => {
    it('defaults to always open in UTC', () => {
      const { businessHours } = loadConfig({});
      expect(businessHours).to.include({ always: true, timeZone: 'UTC' });
    });

    it('loads BUSINESS_HOURS in BUSINESS_TZ', () => {
      const { businessHours } = loadConfig({ BUSINESS_HOURS: SHOP, BUSINESS_TZ: 'Europe/London' });
      expect(businessHours).to.include({ always: false, timeZone: 'Europe/London' });
      expect(businessHours.intervals).to.have.length(6);
    });

    for (const [value, problem] of [
      ['Mon-Fry 08:00-20:00', /BUSINESS_HOURS: .*"mon-fry" is not a weekday/],
      ['Mon 25:00-26:00', /BUSINESS_HOURS: .*must be HH:MM-HH:MM/],
      ['Mon 8-20', /BUSINESS_HOURS: .*must be HH:MM-HH:MM/],
      ['Mon 20:00-08:00', /BUSINESS_HOURS: .*must end after it starts/],
      ['08:00-20:00', /BUSINESS_HOURS: .*must be days and hours/],
      ['Mon-Fri', /BUSINESS_HOURS: .*must be days and hours/],
      [';', /BUSINESS_HOURS: has no opening hours/],
    ] as const) {
      it(`refuses BUSINESS_HOURS="${value}" with a message naming the variable`, () => {
        expect(configError({ BUSINESS_HOURS: value })).to.match(problem);
      });
    }

    it('refuses an unknown BUSINESS_TZ, and reports it with the other bad variables', () => {
      const message = configError({ BUSINESS_TZ: 'Europe/Atlantis', BUSINESS_HOURS: 'Someday 09:00-17:00', PORT: 'x' });
      expect(message)
        .to.match(/BUSINESS_TZ: unknown time zone "Europe\/Atlantis"/)
        .and.match(/BUSINESS_HOURS: /)
        .and.match(/PORT: /);
    });

    it('refuses an SMTP_URL that is not smtp(s) and a MAIL_FROM that is not an address', () => {
      expect(configError({ SMTP_URL: 'http://mail.example' })).to.match(/SMTP_URL: must be smtp:\/\/… or smtps:\/\/…/);
      expect(configError({ MAIL_FROM: 'the shop' })).to.match(/MAIL_FROM: must be an address/);
      expect(configError({ CUSTOMER_ABSENT_MIN: '0' })).to.match(/CUSTOMER_ABSENT_MIN/);
    });
  });

  describe('isOpen and nextOpening in the shop’s time zone', () => {
    const london = parseBusinessHours(SHOP, 'Europe/London');

    it('is open on a weekday afternoon and closed at night, on London’s clock', () => {
      // 30 Nov 2026 is a Monday; London is on GMT (UTC+0) in winter.
      expect(isOpen(london, Date.parse('2026-11-30T08:00:00Z'))).to.equal(true);
      expect(isOpen(london, Date.parse('2026-11-30T07:59:00Z'))).to.equal(false);
      expect(isOpen(london, Date.parse('2026-11-30T19:59:00Z'))).to.equal(true);
      expect(isOpen(london, Date.parse('2026-11-30T20:00:00Z'))).to.equal(false);
    });

    it('follows summer time: 08:00 in London in July is 07:00 UTC', () => {
      expect(isOpen(london, Date.parse('2026-07-06T07:00:00Z'))).to.equal(true);
      expect(isOpen(london, Date.parse('2026-07-06T06:59:00Z'))).to.equal(false);
    });

    it('finds Monday morning from Saturday night across the end of summer time', () => {
      // Sat 24 Oct 2026 21:00 BST; clocks go back on Sun 25 Oct; Mon 26 Oct 08:00 GMT = 08:00 UTC.
      const back = nextOpening(london, Date.parse('2026-10-24T20:00:00Z'));
      expect(new Date(back).toISOString()).to.equal('2026-10-26T08:00:00.000Z');
      expect(describeOpening(london, back, en)).to.equal('Monday 26 October at 08:00 (Europe/London time)');
    });

    it('finds Monday morning from Saturday night across the start of summer time', () => {
      // Sat 28 Mar 2026 18:00 GMT; clocks go forward on Sun 29 Mar; Mon 30 Mar 08:00 BST = 07:00 UTC.
      const back = nextOpening(london, Date.parse('2026-03-28T18:00:00Z'));
      expect(new Date(back).toISOString()).to.equal('2026-03-30T07:00:00.000Z');
      expect(describeOpening(london, back, en)).to.equal('Monday 30 March at 08:00 (Europe/London time)');
    });

    it('finds the same morning before opening and the next day after closing', () => {
      expect(new Date(nextOpening(london, Date.parse('2026-11-30T06:00:00Z'))).toISOString()).to.equal('2026-11-30T08:00:00.000Z');
      expect(new Date(nextOpening(london, Date.parse('2026-12-04T21:00:00Z'))).toISOString()).to.equal('2026-12-05T09:00:00.000Z');
    });

    it('is now when the team is in', () => {
      const now = Date.parse('2026-11-30T10:00:00Z');
      expect(nextOpening(london, now)).to.equal(now);
    });

    it('counts the day in the shop’s zone, not in UTC', () => {
      // 22:00 UTC on Friday is already Saturday 09:00 in Sydney (UTC+11 in summer).
      const sydney = parseBusinessHours('Sat 09:00-12:00', 'Australia/Sydney');
      expect(isOpen(sydney, Date.parse('2026-12-04T22:00:00Z'))).to.equal(true);
      expect(describeOpening(sydney, nextOpening(sydney, Date.parse('2026-12-05T02:00:00Z')), en)).to.equal(
        'Saturday 12 December at 09:00 (Australia/Sydney time)',
      );
    });
  });
});
