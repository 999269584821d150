// Light or dark: the system's setting unless the user picked one with the
// toggle (kept in localStorage). The choice is on <html data-theme>, set by
// THEME_BOOT_SCRIPT in pages/_document.tsx before the first paint so a dark
// page never flashes light; globals.css reads it. (The server's CSP allows
// that inline script by its hash, like Next.js's own: server/common/csp.py.)
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'frontdesk-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

// Kept tiny and dependency-free: it runs before any bundle.
export const THEME_BOOT_SCRIPT = `(function(){try{var t=localStorage.getItem('${THEME_KEY}');if(t!=='light'&&t!=='dark')t=matchMedia('${DARK_QUERY}').matches?'dark':'light';document.documentElement.dataset.theme=t}catch(e){}})();`;

export function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

export function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

export function currentTheme(): Theme {
  return storedTheme() ?? systemTheme();
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/**
 * Picks a theme. Picking what the system shows anyway forgets the choice, so
 * the page follows the system again (a later switch to dark at night shows).
 */
export function chooseTheme(theme: Theme): void {
  try {
    if (theme === systemTheme()) localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  applyTheme(theme);
}

/** Follows the system setting while the user has not picked one. */
export function watchSystemTheme(onChange: (theme: Theme) => void): () => void {
  if (typeof matchMedia !== 'function') return () => {};
  const query = matchMedia(DARK_QUERY);
  const listener = () => {
    if (storedTheme() !== null) return;
    applyTheme(systemTheme());
    onChange(systemTheme());
  };
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
