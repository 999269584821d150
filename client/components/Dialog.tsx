// A modal panel. While open:
// - focus moves into it (the panel, or an element inside with autoFocus) and
//   stays there: Tab from the last control wraps to the first, Shift+Tab from
//   the first to the last, and focus that lands outside is brought back;
// - Escape, the backdrop and the close button call `onClose` (the owner may
//   ask before really closing, e.g. about unsaved changes);
// - on close, focus returns to the element that opened it.
// Dialogs can be stacked (a confirmation over a card): only the topmost one
// reacts to keys.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Icon } from './Icon';

const FOCUSABLE = [
  'a[href]',
  'area[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'iframe',
  'summary',
  '[contenteditable=""]',
  '[contenteditable="true"]',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The elements of `root` that Tab can reach, in DOM (tab) order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => {
    if (el.tabIndex < 0) return false;
    if (el.closest('[inert]')) return false;
    // Hidden elements (display: none, inside a closed <details>) cannot take focus.
    if (el.closest('[hidden]')) return false;
    const details = el.parentElement?.closest('details');
    if (details && !details.open && el.tagName !== 'SUMMARY') return false;
    return isRendered(el);
  });
}

// jsdom lays nothing out (no element has client rects): there, count all as rendered.
const noLayout = () => typeof navigator !== 'undefined' && navigator.userAgent.includes('jsdom');

function isRendered(el: HTMLElement): boolean {
  return el.getClientRects().length > 0 || noLayout();
}

// Open dialogs, innermost last.
const stack: symbol[] = [];

export function Dialog({
  title,
  onClose,
  children,
  testId,
  role = 'dialog',
  describedBy,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** `alertdialog` for a question that needs an answer (e.g. "Discard your changes?"). */
  role?: 'dialog' | 'alertdialog';
  describedBy?: string;
}) {
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const titleId = useId();
  // Read while rendering, before an autoFocus inside the dialog moves focus.
  const [opener] = useState(() => (typeof document !== 'undefined' && document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const me = Symbol('dialog');
    stack.push(me);
    const isTop = () => stack[stack.length - 1] === me;
    const previous = opener;
    const root = panel.current!;
    if (!root.contains(document.activeElement)) root.focus();

    const onKey = (e: KeyboardEvent) => {
      if (!isTop() || e.defaultPrevented) return;
      if (e.key === 'Escape' && !e.isComposing) {
        e.preventDefault();
        closeRef.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const items = tabbables(root);
      const active = document.activeElement;
      if (items.length === 0) {
        e.preventDefault();
        root.focus();
        return;
      }
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const inside = active instanceof Node && root.contains(active);
      if (e.shiftKey && (active === first || active === root || !inside)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (active === last || !inside)) {
        e.preventDefault();
        first.focus();
      }
    };
    // Focus that gets out some other way (a click on the page behind is
    // stopped by the backdrop; this covers scripts and browser UI) comes back.
    const onFocusIn = (e: FocusEvent) => {
      if (!isTop()) return;
      const target = e.target;
      if (target instanceof Node && !root.contains(target)) (tabbables(root)[0] ?? root).focus();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocusIn);
      const at = stack.indexOf(me);
      if (at >= 0) stack.splice(at, 1);
      if (previous && previous.isConnected) previous.focus();
    };
  }, [opener]);

  return (
    <div
      className="backdrop"
      onMouseDown={(e) => {
        if (e.target !== e.currentTarget) return;
        // No focus change to <body>: a question asked on close (autoFocus) keeps it.
        e.preventDefault();
        onClose();
      }}
    >
      <div
        className="dialog"
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
        ref={panel}
        data-testid={testId}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon dialog-close" onClick={onClose} aria-label="Close" data-testid="dialog-close">
            <Icon name="close" />
          </button>
        </header>
        <div className="dialog-body">{children}</div>
      </div>
    </div>
  );
}
