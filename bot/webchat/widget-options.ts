import { z } from 'zod';

/**
 * How the widget looks: the title above the chat, the accent colour (buttons, links, the
 * floating chat button of the embed snippet) and the initials shown as avatars.
 */
export const widgetOptionsSchema = z.object({
  title: z.string().trim().min(1).max(60).default('Pebble & Pine help'),
  accentColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour')
    .default('#2f6b4f'),
  botAvatarInitials: z.string().trim().min(1).max(3).default('PP'),
  userAvatarInitials: z.string().trim().min(1).max(3).default('You'),
  /** Placeholder of the message box. */
  placeholder: z.string().trim().min(1).max(80).default('Ask about orders, returns, refunds…'),
});

/** Validated widget options, every field filled in. */
export type WidgetOptions = z.infer<typeof widgetOptionsSchema>;

/** Widget options as a caller gives them: any field may be left to its default. */
export type WidgetOptionsInput = z.input<typeof widgetOptionsSchema>;
