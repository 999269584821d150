// The light/dark switch in the top bar (see lib/theme.ts).
import { useEffect, useState } from 'react';
import { chooseTheme, currentTheme, watchSystemTheme, type Theme } from '@/lib/theme';
import { Icon } from './Icon';

export function ThemeToggle() {
  // Unknown until mounted: the static HTML cannot know the visitor's setting.
  const [theme, setTheme] = useState<Theme | null>(null);

  useEffect(() => {
    setTheme(currentTheme());
    return watchSystemTheme(setTheme);
  }, []);

  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className="icon theme-toggle"
      aria-pressed={theme === null ? undefined : dark}
      aria-label="Dark mode"
      title={dark ? 'Switch to light mode' : 'Switch to dark mode'}
      onClick={() => {
        const next: Theme = dark ? 'light' : 'dark';
        chooseTheme(next);
        setTheme(next);
      }}
      data-testid="theme-toggle"
    >
      <Icon name={dark ? 'sun' : 'moon'} />
    </button>
  );
}
