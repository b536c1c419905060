// A tap that ends on the element it began on, told from its `touchend` (ADR 0018 stop 20).
import type { TouchEvent } from 'react';

/**
 * True when this `touchend` is a plain tap on `currentTarget` that the browser would turn into a
 * click: one finger, lifted inside the element, and still cancelable. A touch that became a
 * scroll ends uncancelable (Chromium, WebKit), and one that slid off the element ends outside
 * it; neither is a tap, and the browser sends no click for them either.
 */
export function isTapOn(e: TouchEvent<Element>): boolean {
  if (!e.cancelable || e.touches.length > 0 || e.changedTouches.length !== 1) return false;
  const t = e.changedTouches[0];
  const r = e.currentTarget.getBoundingClientRect();
  return !!t && t.clientX >= r.left && t.clientX <= r.right && t.clientY >= r.top && t.clientY <= r.bottom;
}
