import { openDatabase } from '../../store/db';

/** What the server under test stored, counted after it stopped. */
export interface StoredTurns {
  customerIn: number;
  botOut: number;
  /** Customer messages stored without the bot's answer time (a reply that was not recorded). */
  unanswered: number;
  conversations: number;
}

/** Counts the stored messages of the benchmark database (`sqlite:<path>` URL). */
export async function countStoredTurns(databaseUrl: string): Promise<StoredTurns> {
  const db = openDatabase(databaseUrl);
  try {
    const count = async (where: Record<string, string>, extra?: string) => {
      const query = db('messages').where(where);
      if (extra) query.whereNull(extra);
      const row = await query.count<{ n: number }[]>({ n: '*' });
      return Number(row[0].n);
    };
    const conversations = await db('conversations').count<{ n: number }[]>({ n: '*' });
    return {
      customerIn: await count({ direction: 'in', role: 'customer' }),
      botOut: await count({ direction: 'out', role: 'bot' }),
      unanswered: await count({ direction: 'in', role: 'customer' }, 'answered_at'),
      conversations: Number(conversations[0].n),
    };
  } finally {
    await db.destroy();
  }
}
