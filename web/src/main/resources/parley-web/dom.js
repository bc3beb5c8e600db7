// The one way views create elements: text always goes in through textContent, so names, topics
// and message text can never become markup.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') {
      node.textContent = value;
    } else if (key === 'class') {
      node.className = value;
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value);
    }
  }
  node.append(...children);
  return node;
}

// Runs a user's action, showing its failure in `error` (cleared first) rather than losing it to the
// console: every view's buttons and forms go through one of these.
export function guardedBy(error) {
  return async (action) => {
    error.textContent = '';
    try {
      await action();
    } catch (failure) {
      error.textContent = failure.message;
    }
  };
}
