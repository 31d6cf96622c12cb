/**
 * Ant Design's icons name themselves in English (`aria-label="down"`, "close", "copy"): a screen reader
 * would read English beside the Chinese label of the control the icon decorates. The icons are
 * decoration (every control names itself in Chinese), so they are hidden from assistive technology.
 */
const ICON = '.anticon[aria-label]';

function hide(icon: Element) {
  icon.removeAttribute('aria-label');
  icon.setAttribute('aria-hidden', 'true');
}

export function hideIconNames(root: HTMLElement): void {
  root.querySelectorAll(ICON).forEach(hide);
  new MutationObserver((changes) => {
    for (const change of changes) {
      const target = change.target;
      if (target instanceof Element && target.matches(ICON)) hide(target);
      for (const node of change.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (node.matches(ICON)) hide(node);
        node.querySelectorAll(ICON).forEach(hide);
      }
    }
  }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
}
