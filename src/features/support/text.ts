import type { Rating } from './service.js';

/** The readable line that stands for a rating in clients that know nothing of its form: the message's body. */
export function ratingText({ stars, comment }: Rating): string {
  const line = `${'★'.repeat(stars)}${'☆'.repeat(5 - stars)} (${stars}/5)`;
  return comment ? `${line}: ${comment}` : line;
}
