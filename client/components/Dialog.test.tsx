import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Dialog } from './Dialog';
import { Icon, ICON_NAMES } from './Icon';

function Harness({ onClose }: { onClose?: () => void }) {
  const [open, setOpen] = useState(false);
  const [inner, setInner] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <button type="button">Behind</button>
      {open ? (
        <Dialog
          title="Card"
          onClose={() => {
            onClose?.();
            setOpen(false);
          }}
        >
          <input aria-label="Title" />
          <button type="button" disabled>
            Disabled
          </button>
          <button type="button" onClick={() => setInner(true)}>
            Ask
          </button>
          {inner ? (
            <Dialog title="Sure?" role="alertdialog" onClose={() => setInner(false)}>
              <button type="button" autoFocus>
                Keep editing
              </button>
              <button type="button">Discard</button>
            </Dialog>
          ) : null}
        </Dialog>
      ) : null}
    </>
  );
}

const tab = (shift = false) => fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Tab', shiftKey: shift });

describe('Dialog', () => {
  it('keeps Tab and Shift+Tab inside and gives focus back to the opener', () => {
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Open' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Card' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(dialog);

    const close = screen.getByRole('button', { name: 'Close' });
    const last = screen.getByRole('button', { name: 'Ask' });
    // From the panel itself, Shift+Tab goes to the last control.
    tab(true);
    expect(document.activeElement).toBe(last);
    // Tab from the last wraps to the first (the close button); Shift+Tab back.
    tab();
    expect(document.activeElement).toBe(close);
    tab(true);
    expect(document.activeElement).toBe(last);
    // Focus that lands outside is brought back in.
    screen.getByRole('button', { name: 'Behind' }).focus();
    expect(dialog.contains(document.activeElement)).toBe(true);

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('lets only the topmost of stacked dialogs react to keys', () => {
    const onClose = vi.fn();
    render(<Harness onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    const ask = screen.getByRole('button', { name: 'Ask' });
    ask.focus();
    fireEvent.click(ask);
    const inner = screen.getByRole('alertdialog', { name: 'Sure?' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep editing' }));
    // Tab stays in the inner dialog.
    screen.getByRole('button', { name: 'Discard' }).focus();
    tab();
    expect(inner.contains(document.activeElement)).toBe(true);
    // Escape closes the inner one only, and focus goes back to where it was.
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Card' })).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(ask);
  });

  it('closes from the backdrop and the close button', () => {
    const onClose = vi.fn();
    const { container } = render(
      <Dialog title="X" onClose={onClose}>
        <p>Body</p>
      </Dialog>,
    );
    fireEvent.mouseDown(container.querySelector('.backdrop')!);
    fireEvent.mouseDown(screen.getByText('Body')); // inside: no
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});

describe('Icon', () => {
  it('is decorative by default and labelled with a title', () => {
    const { container } = render(
      <>
        <Icon name="comment" />
        <Icon name="warning" title="Warning" />
      </>,
    );
    const [plain, labelled] = Array.from(container.querySelectorAll('svg'));
    expect(plain!.getAttribute('aria-hidden')).toBe('true');
    expect(plain!.getAttribute('role')).toBeNull();
    expect(plain!.getAttribute('width')).toBe('1em');
    expect(screen.getByRole('img', { name: 'Warning' })).toBe(labelled);
  });

  it('has every icon the client needs', () => {
    for (const name of [
      'comment', 'close', 'menu', 'more', 'drag', 'calendar', 'clock', 'check', 'x', 'user', 'bell',
      'chevron-left', 'chevron-right', 'plus', 'trash', 'download', 'warning',
    ]) {
      expect(ICON_NAMES).toContain(name);
    }
  });
});
