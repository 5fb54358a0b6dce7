/*
 * A device's label as its person sees it in the list of their devices ("Chrome on Linux"), from
 * the user agent alone. Coarse on purpose: enough to recognise a browser, nothing to fingerprint.
 */

const BROWSERS: readonly [RegExp, string][] = [
  // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  // HeadlessChrome/ (automation, kiosks) has no word boundary before "Chrome".
  [/\b(Headless)?Chrom(e|ium)\/|\bCriOS\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
];

const SYSTEMS: readonly [RegExp, string][] = [
  // Before Linux and macOS: Android says "Linux", iOS says "like Mac OS X".
  [/\bAndroid\b/, 'Android'],
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const first = (userAgent: string, table: readonly [RegExp, string][]): string | undefined =>
  table.find(([pattern]) => pattern.test(userAgent))?.[1];

/** "Chrome on Linux", "Safari on iOS", "Firefox", "Browser on Windows", or "Browser". */
export const deviceLabelFromUserAgent = (userAgent: string): string => {
  const browser = first(userAgent, BROWSERS) ?? 'Browser';
  const system = first(userAgent, SYSTEMS);
  return system === undefined ? browser : `${browser} on ${system}`;
};
