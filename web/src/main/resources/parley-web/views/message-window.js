// Windowing of a long list in its own scroll box (the channel's messages): only the rows in and
// near the view (a screen above and below) are in the DOM, and the first and last row's margins
// stand in for the others, from each row's height as last measured (rows differ: grouping,
// attachments, code blocks) or, for a row never shown, the average of those measured. Whatever
// changes (older messages above, a row measured taller than estimated, an image loading, a new
// message while the reader is scrolled up) the row at the top of the view stays where it was on
// screen, and a reader at the bottom stays at the bottom. The browser's own scroll anchoring is off
// (app.css): it would move the view a second time.
const OVERSCAN_SCREENS = 1;
// Scrolling puts other rows in once the view is this far (in screens) from the edge of those in the DOM.
const REWINDOW_SCREENS = 0.5;
const ESTIMATED_ROW_PX = 40;
const AT_BOTTOM_PX = 40;
// Measuring rows can change which rows the view needs; a few passes settle it.
const MAX_PASSES = 3;
const SAME_HEIGHT_PX = 0.5;

/**
 * A window over `list`. Items are {key, movable} (key: unique, stable across renders, it names the
 * row's measured height; movable: the item may change places with others, as a day's separator
 * does when the day's older messages load above it, so the view is never held by it);
 * `renderRows(items)` must make the list's children exactly those items' rows, in order.
 */
export function listWindow(list, renderRows) {
  const edge = parseFloat(getComputedStyle(list).paddingTop) || 0;
  const heights = new Map();
  let measuredSum = 0;
  let width = 0;
  let items = [];
  let indexByKey = new Map();
  // Where item i starts below the list's own padding (offset(i); offset(items.length): their
  // height) is the measured heights above it plus the average measured for each one not measured:
  // prefix sums of both, valid up to item `counted`. A new average moves every offset without a
  // recount; a height measured or an item added recounts only from there on, so a live message at
  // the bottom of a long channel costs about as much as in a short one.
  const measuredAbove = [0];
  const unmeasuredAbove = [0];
  let counted = 0;
  let guess = ESTIMATED_ROW_PX;
  let from = 0;
  let to = 0;
  // The keys of the rows in the DOM, in order: which item a focused row shows, across renders.
  let shownKeys = [];
  // Where the view was the last time it could be seen: the list is hidden while a settings page shows.
  let held = 'bottom';
  let hidden = false;
  const watched = new Set();
  const resizes = new ResizeObserver(() => refresh());
  resizes.observe(list);

  const visible = () => list.clientHeight > 0;
  const offset = (i) => measuredAbove[i] + guess * unmeasuredAbove[i];
  const total = () => offset(items.length);
  const maxScroll = () => Math.max(0, 2 * edge + total() - list.clientHeight);
  const clamp = (top) => Math.min(Math.max(0, top), maxScroll());

  function layout() {
    guess = heights.size ? measuredSum / heights.size : ESTIMATED_ROW_PX;
    measuredAbove.length = items.length + 1;
    unmeasuredAbove.length = items.length + 1;
    for (let i = counted; i < items.length; i++) {
      const height = heights.get(items[i].key);
      measuredAbove[i + 1] = measuredAbove[i] + (height ?? 0);
      unmeasuredAbove[i + 1] = unmeasuredAbove[i] + (height === undefined ? 1 : 0);
    }
    counted = items.length;
  }

  /** The item at `y` (below the list's own padding): the first whose bottom is below it. */
  function indexAt(y) {
    let low = 0;
    let high = items.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (offset(middle + 1) > y) high = middle;
      else low = middle + 1;
    }
    return Math.max(0, low);
  }

  /** What the view shows now, to be kept in place: 'bottom', or the row at its top and how far above the view's top it starts. */
  function anchor() {
    if (!visible()) return held;
    if (!items.length || maxScroll() - list.scrollTop < AT_BOTTOM_PX) return 'bottom';
    let i = indexAt(list.scrollTop - edge);
    while (items[i].movable && i + 1 < items.length) i++;
    return { key: items[i].key, delta: edge + offset(i) - list.scrollTop };
  }

  function topFor(target) {
    if (target === 'bottom') return maxScroll();
    const i = indexByKey.get(target.key);
    return clamp(i === undefined ? list.scrollTop : edge + offset(i) - target.delta);
  }

  /** Measures the rows in the DOM; whether any height changed. */
  function measure() {
    if (!visible()) return false;
    if (list.clientWidth !== width) {
      // Rows wrap differently at another width: what was measured at the old one is only a guess now.
      width = list.clientWidth;
      heights.clear();
      measuredSum = 0;
      counted = 0;
    }
    let changed = false;
    const rows = list.children;
    for (let i = 0; i < rows.length && from + i < to; i++) {
      const key = items[from + i].key;
      const height = rows[i].getBoundingClientRect().height;
      const old = heights.get(key);
      if (old === undefined || Math.abs(old - height) > SAME_HEIGHT_PX) {
        measuredSum += height - (old ?? 0);
        heights.set(key, height);
        counted = Math.min(counted, from + i);
        changed = true;
      }
    }
    return changed;
  }

  /** Windows and scrolls the list so that `target` is in view as it was; `rebuild`: the items' rows changed. */
  function sync(target, rebuild) {
    const focused = list.contains(document.activeElement) ? document.activeElement : null;
    const focusedKey = focused ? shownKeys[[...list.children].findIndex((row) => row.contains(focused))] : undefined;
    let pass = 0;
    do {
      layout();
      const top = topFor(target);
      const overscan = list.clientHeight * OVERSCAN_SCREENS;
      const first = items.length ? indexAt(top - edge - overscan) : 0;
      const end = items.length ? indexAt(top - edge + list.clientHeight + overscan) + 1 : 0;
      if (rebuild || first !== from || end !== to) {
        from = first;
        to = end;
        const shown = items.slice(from, to);
        renderRows(shown);
        shownKeys = shown.map((item) => item.key);
        watchRows();
        rebuild = false;
      }
      place(top);
    } while (measure() && ++pass < MAX_PASSES);
    if (pass === MAX_PASSES) {
      layout();
      place(topFor(target));
    }
    if (visible()) held = anchor();
    if (focused && !list.contains(document.activeElement)) refocus(focusedKey);
  }

  // The space of the rows not in the DOM is the first row's top margin and the last row's bottom
  // margin: padding on the list itself would grow its box (padding never shrinks), and the view with it.
  let spaced = [];
  function place(top) {
    for (const row of spaced) row.style.margin = '';
    const first = list.firstElementChild;
    const last = list.lastElementChild;
    if (first) first.style.marginTop = `${offset(from)}px`;
    if (last) last.style.marginBottom = `${total() - offset(to)}px`;
    spaced = [first, last].filter(Boolean);
    if (visible() && Math.abs(list.scrollTop - top) >= 1) list.scrollTop = top;
  }

  /** Row elements are watched for size changes (an image loading, a window resized); rows gone are let go. */
  function watchRows() {
    const rows = new Set(list.children);
    for (const row of watched) {
      if (!rows.has(row)) {
        resizes.unobserve(row);
        watched.delete(row);
      }
    }
    for (const row of rows) {
      if (!watched.has(row)) {
        resizes.observe(row);
        watched.add(row);
      }
    }
  }

  /**
   * The focus was in a row that was rebuilt or left the DOM: it goes to the item's new row if it
   * has one (a reaction or an edit rebuilt it), else to the first row in view, so the keyboard
   * keeps its place in the list either way.
   */
  function refocus(key) {
    const rows = [...list.children];
    const same = key === undefined ? -1 : shownKeys.indexOf(key);
    if (same >= 0 && rows[same].tabIndex >= 0) {
      rows[same].focus({ preventScroll: true });
      return;
    }
    const top = list.getBoundingClientRect().top;
    rows.find((row) => row.tabIndex >= 0 && row.getBoundingClientRect().bottom > top)?.focus({ preventScroll: true });
  }

  /** Whether the rows in the DOM reach far enough beyond the view on both sides. */
  function covered() {
    if (!items.length) return true;
    const margin = list.clientHeight * REWINDOW_SCREENS;
    const top = list.scrollTop - edge;
    return indexAt(top - margin) >= from && indexAt(top + list.clientHeight + margin) < to;
  }

  function refresh() {
    if (!visible()) {
      hidden = true;
      return;
    }
    // A list shown again has lost its scroll position: it goes back to where it was held.
    const target = hidden ? held : anchor();
    const wasHidden = hidden;
    hidden = false;
    if (measure() || wasHidden || !covered()) sync(target, false);
  }

  return {
    /** Shows `next` (all the items); `reset`: another list (a channel switch), shown from its bottom. */
    show(next, reset = false) {
      const target = reset ? 'bottom' : anchor();
      // The items before the first that differs keep their places: a live message indexes and counts only what follows.
      const shared = Math.min(items.length, next.length);
      let kept = 0;
      while (kept < shared && items[kept] === next[kept]) kept++;
      if (kept === 0) {
        indexByKey = new Map(next.map((item, i) => [item.key, i]));
      } else {
        for (let i = kept; i < items.length; i++) indexByKey.delete(items[i].key);
        for (let i = kept; i < next.length; i++) indexByKey.set(next[i].key, i);
      }
      counted = Math.min(counted, kept);
      items = next;
      sync(target, true);
    },
    /** The reader scrolled: other rows come in when the view nears the edge of those in the DOM. */
    scrolled() {
      if (!visible()) return;
      held = anchor();
      if (!covered()) sync(held, false);
    },
    /** Scrolls so that the item named `key` is in the middle of the view. */
    center(key) {
      const i = indexByKey.get(key);
      if (i === undefined) return;
      const height = offset(i + 1) - offset(i);
      sync({ key, delta: (list.clientHeight - height) / 2 }, false);
    },
    /** Whether the item named `key` ends above the view's top (false when there is no such item). */
    above(key) {
      const i = indexByKey.get(key);
      return i !== undefined && edge + offset(i + 1) <= list.scrollTop;
    },
    /** Whether the first of the items is in the DOM. */
    atFirst() {
      return items.length > 0 && from === 0;
    },
  };
}
