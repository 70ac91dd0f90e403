/**
 * A few words for the browser and system behind a User-Agent header, enough for someone to
 * recognise their own sessions ("Chrome 131 · Windows", "WeChat 8.0 · iPhone"). Not a device
 * fingerprint: the order of checks matters (Edge and WeChat also say Chrome or Safari).
 */
const BROWSERS: [name: string, pattern: RegExp][] = [
  ['WeChat', /MicroMessenger\/(\d+\.\d+)/],
  ['DingTalk', /DingTalk\/(\d+\.\d+)/],
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /OPR\/(\d+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /Version\/(\d+(?:\.\d+)?).*Safari\//],
]

const SYSTEMS: [name: string, pattern: RegExp][] = [
  ['iPhone', /iPhone/],
  ['iPad', /iPad/],
  ['Android', /Android(?: (\d+))?/],
  ['HarmonyOS', /HarmonyOS/],
  ['Windows', /Windows/],
  ['macOS', /Mac OS X|Macintosh/],
  ['ChromeOS', /CrOS/],
  ['Linux', /Linux/],
]

export function describeUserAgent(userAgent: string | null): { browser: string; os: string } {
  if (!userAgent) return { browser: '', os: '' }
  const browser = BROWSERS.map(([name, pattern]) => ({ name, match: pattern.exec(userAgent) })).find((b) => b.match)
  const os = SYSTEMS.map(([name, pattern]) => ({ name, match: pattern.exec(userAgent) })).find((s) => s.match)
  return {
    browser: browser ? `${browser.name} ${browser.match![1]}` : '',
    os: os ? (os.match![1] ? `${os.name} ${os.match![1]}` : os.name) : '',
  }
}

/** What the session table keeps of the header: enough to describe it, bounded in size. */
export function storedUserAgent(header: string | undefined): string | null {
  return header ? header.slice(0, 512) : null
}
