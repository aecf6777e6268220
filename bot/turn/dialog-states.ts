import { initialState, type SupportState } from '../../dialogs/state';
import type { KnexStateStorage } from '../../store/state-storage';

/** A conversation's dialog state as one turn read it. */
export interface LoadedState {
  key: string;
  /** The stored JSON, undefined when the conversation had none. */
  stored: string | undefined;
  state: SupportState;
}

/**
 * The dialog state of customer conversations in `bot_state`: parsed once when a turn reads it
 * and serialised once when the turn ends, written only when that JSON differs from what was
 * read (botbuilder's ConversationState serialised it four times a turn to find out). Rows keep
 * ConversationState's key and shape (`<channel>/conversations/<id>/` → `{"support": …}`), so
 * state stored by earlier versions carries on.
 */
export class DialogStates {
  constructor(private readonly storage: Pick<KnexStateStorage, 'readSerialised' | 'writeSerialised'>) {}

  /** Reads the state of the activity's conversation (a fresh one when none is stored). */
  async load(activity: { channelId: string; conversation: { id: string } }): Promise<LoadedState> {
    const key = `${activity.channelId}/conversations/${activity.conversation.id}/`;
    const stored = await this.storage.readSerialised(key);
    const state = stored === undefined ? undefined : (JSON.parse(stored) as { support?: SupportState }).support;
    return { key, stored, state: state ?? initialState() };
  }

  /** Stores `state` unless it is what the turn read. */
  async save(loaded: LoadedState, state: SupportState): Promise<void> {
    const data = JSON.stringify({ support: state });
    if (data !== loaded.stored) await this.storage.writeSerialised(loaded.key, data);
  }
}
