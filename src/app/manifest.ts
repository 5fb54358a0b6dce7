import type { MetadataRoute } from 'next';

/*
 * The web app manifest (/manifest.webmanifest; issue #6 §4): what makes the app installable, and
 * how it looks installed. Next.js links it from every page. The icons in public/icons/ were made
 * once from src/app/icon.svg with sharp; the maskable one is full-bleed, its cross well inside the
 * safe zone (the central 80% circle).
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/',
    name: 'OpenPractice',
    short_name: 'OpenPractice',
    description: 'Scheduling, patient records, billing and documents for medical practices, online and offline.',
    start_url: '/patients',
    scope: '/',
    display: 'standalone',
    // The top bar's light colour (--card) and the brand colour of the icon.
    background_color: '#ffffff',
    theme_color: '#0f766e',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
