/** One Han (Chinese) character; global, so use it with `match`, `matchAll` or `replace`. */
export const hanCharacter = /\p{Script=Han}/gu;

/** Number of Han characters in a text. */
export function hanCount(text: string): number {
  return text.match(hanCharacter)?.length ?? 0;
}
