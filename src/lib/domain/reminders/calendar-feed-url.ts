/** The address of a provider's calendar feed (https), and the same for "subscribe" links (webcal). */
export const calendarFeedUrls = (appUrl: string, token: string): { url: string; webcalUrl: string } => {
  const url = `${appUrl.replace(/\/+$/, '')}/api/v1/calendar-feeds/${encodeURIComponent(token)}`;
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
};
