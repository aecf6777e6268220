import { ActivityTypes, CardFactory, InputHints, type Activity, type Attachment } from 'botbuilder';

/** Options of {@link textReply}. */
export interface ReplyOptions {
  /** Quick replies shown as buttons (suggested actions). */
  suggestions?: string[];
  /** True when the bot waits for an answer to a question it asked. */
  expectingInput?: boolean;
}

/**
 * A message with `speak` (the text without markdown) and `inputHint`, so the same reply serves
 * chat and voice channels.
 */
export function textReply(text: string, options: ReplyOptions = {}): Partial<Activity> {
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    text,
    speak: toSpeech(text),
    inputHint: options.expectingInput ? InputHints.ExpectingInput : InputHints.AcceptingInput,
  };
  if (options.suggestions && options.suggestions.length > 0) {
    activity.suggestedActions = {
      to: [],
      actions: options.suggestions.map((s) => ({ type: 'imBack', title: s, value: s })),
    };
  }
  return activity;
}

/** Channels that render Adaptive Cards; elsewhere the card's plain-text fallback is the message. */
export const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator']);

/**
 * A message carrying an Adaptive Card. `speak` always carries the plain fallback; `text` does
 * only on channels without cards (so card channels do not show the answer twice).
 */
export function cardReply(channelId: string, card: object, fallbackText: string, options: ReplyOptions = {}): Partial<Activity> {
  const attachment: Attachment = CardFactory.adaptiveCard(card);
  const reply = { ...textReply(fallbackText, options), attachments: [attachment] };
  if (CARD_CHANNELS.has(channelId)) delete reply.text;
  return reply;
}

/** Strips markdown (links, emphasis, headings, list markers) for speech. */
export function toSpeech(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>]+/g, '')
    .replace(/^\s*[-+]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}
