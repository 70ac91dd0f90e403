import type { linksUi as zh } from './links.zh-CN.ts'

/** Poster batches, the returnee's self-report link (QR, re-issue, SMS); merged into en.ts. */
export const linksUi: Record<keyof typeof zh, string> = {
  'links.batch.button': 'Print house codes',
  'links.batch.buttonSelected': 'Print selected ({n})',
  'links.batch.title': 'House-code posters',
  'links.batch.summary': '{n} posters, one A4 page per property',
  'links.batch.truncated': '{total} properties; only the first {n} are shown: print village by village',
  'links.batch.empty': 'No property with a valid house code here',
  'links.batch.back': 'Back to house codes',
  'links.batch.print': 'Print all',
  'links.self.card': 'The person’s own report link',
  'links.self.scan': 'The person scans this with their phone, or send it by text',
  'links.self.hidden': 'The link is shown only when it is issued. If the person lost it, issue a new one (the old one stops working).',
  'links.self.reissue': 'Issue a new link',
  'links.self.reissueConfirm': 'The old link stops working at once. Issue a new one?',
  'links.self.reissued': 'New link issued; the old one no longer works',
  'links.self.sms': 'Send by text',
  'links.self.smsSent': 'Text sent to {phone}',
  'links.self.copy': 'Copy link',
  'links.self.copied': 'Link copied',
  'links.self.replaced': 'This link was replaced by a newer one',
  'links.self.replacedHint': 'Use the latest link your grid worker sent you, or ask them to send it again.',
}
