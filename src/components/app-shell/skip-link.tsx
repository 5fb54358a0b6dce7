/**
 * The first focusable element on every page: lets keyboard and switch users jump past the
 * navigation. Hidden until focused.
 */
export const SkipLink = ({ targetId = 'main-content' }: { targetId?: string }) => (
  <a
    href={`#${targetId}`}
    className={
      // not-sr-only resets padding, so the padding has to be applied under focus: as well.
      'sr-only z-50 rounded-md bg-primary text-sm font-medium text-primary-foreground shadow-md outline-none focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:px-4 focus:py-2 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background'
    }
  >
    Skip to main content
  </a>
);
