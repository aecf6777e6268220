import type { Activity } from 'botbuilder';
import { TALK_TO_PERSON } from './greeting';
import { textReply } from './reply';

const DAMAGED = 'My item arrived damaged';

/**
 * The answer to photos sent without a word: they are kept with the chat (agents see them on the
 * ticket), and the customer is asked what they show, since the bot cannot read an image.
 */
export function photoReceivedReply(count: number): Partial<Activity> {
  const what = count === 1 ? 'the photo' : `the ${count} photos`;
  return textReply(
    `Thanks for ${what} — I've kept ${count === 1 ? 'it' : 'them'} with this chat, so our team can see ${count === 1 ? 'it' : 'them'} if you need a person. ` +
      'Could you tell me in a few words what is wrong, for example which item and what happened to it?',
    { suggestions: [DAMAGED, TALK_TO_PERSON], expectingInput: true },
  );
}
