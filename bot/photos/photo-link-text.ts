import type { PhotoLinks } from './photo-links';

/**
 * What agents in Teams read about a customer's photos (the ticket card, the handoff's thread):
 * signed links that work for 15 minutes when `PUBLIC_URL` is set, otherwise where to see them.
 * Undefined when there are none.
 */
export function photoLinksText(links: PhotoLinks, photoIds: number[], ticketId: number, now: number = Date.now()): string | undefined {
  if (photoIds.length === 0) return undefined;
  const urls = photoIds.map((id) => links.absolute(id, now));
  const inTab = `open ticket #${ticketId} in the agent tab`;
  if (urls.some((url) => url === undefined)) {
    return `The customer sent ${photoIds.length === 1 ? 'a photo' : `${photoIds.length} photos`}: ${inTab} to see ${photoIds.length === 1 ? 'it' : 'them'}.`;
  }
  const list = urls.map((url, i) => `[Photo ${i + 1}](${url})`).join(' · ');
  return `Photos from the customer: ${list} (the links work for 15 minutes; after that ${inTab}).`;
}
