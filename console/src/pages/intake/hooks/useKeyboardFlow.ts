/**
 * The desk from the keyboard: Ctrl+Enter submits from any field, and Tab always moves on. An open
 * dropdown takes a Tab to pick its option and keeps the focus (rc-select prevents the default), so a fast
 * typist's Tab right after Enter on the category left the cursor there and the next words went into the
 * category's search: here a swallowed Tab still moves to the next field (Shift+Tab to the previous one).
 */
import type { KeyboardEvent } from 'react';

const FOCUSABLE = 'input:not([disabled]):not([type="hidden"]), textarea:not([disabled]), button:not([disabled])';

function moveFocus(from: Element, within: HTMLElement, step: 1 | -1) {
  const all = Array.from(within.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.tabIndex >= 0);
  const at = all.findIndex((el) => el === from || el.contains(from));
  all[at + step]?.focus();
}

export function useKeyboardFlow(submit: () => void) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Tab' && e.defaultPrevented && e.target instanceof Element) {
      moveFocus(e.target, e.currentTarget, e.shiftKey ? -1 : 1);
    }
  };
}
