/**
 * The house-code link: the poster's QR holds `<origin>/h#<house code>`, so a tenant's phone
 * camera opens the registration page with the property filled in, and a gate scanner reading
 * the same QR gets the signed code back with houseCodeFromScan().
 */

/** The public registration page's path. */
export const HOUSE_LINK_PATH = '/h'

/**
 * The link a poster and a share carry. Only the two base45 characters a URL fragment cannot
 * hold as they are (space and %) are escaped, so the QR stays small.
 * @example houseCodeLink('https://gridline.example', 'GL1:AB C') // 'https://gridline.example/h#GL1:AB%20C'
 */
export function houseCodeLink(origin: string, code: string): string {
  return `${origin.replace(/\/$/, '')}${HOUSE_LINK_PATH}#${code.replace(/%/g, '%25').replace(/ /g, '%20')}`
}

/**
 * The signed code inside what a scanner read: the link of a poster, or the bare code.
 * @example houseCodeFromScan('https://x/h#GL1:AB%20C') // 'GL1:AB C'
 */
export function houseCodeFromScan(text: string): string {
  const trimmed = text.trim()
  const hash = trimmed.indexOf('#')
  if (hash < 0 || /^GL1:/i.test(trimmed)) return trimmed
  try {
    return decodeURIComponent(trimmed.slice(hash + 1))
  } catch {
    return trimmed.slice(hash + 1)
  }
}
