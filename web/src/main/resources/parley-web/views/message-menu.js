import { el } from '../dom.js';
import { openDialog } from './dialog.js';
import { toggleMenu } from './menu.js';

// A message's "More" menu, beside the quick buttons of its toolbar: reply in thread (not inside a
// thread), edit (own messages), copy the text, and delete (own messages; the workspace's owners
// and admins delete anyone's), which asks first. What it offers is decided when it opens, so a
// role changed meanwhile counts.

/** The toolbar's button that opens the menu of `message` in channel `channelId`. */
export function moreButton(store, actions, ui, channelId, message, inThread) {
  return el('button', {
    type: 'button',
    class: 'more',
    'aria-label': 'More actions',
    title: 'More actions',
    'aria-haspopup': 'menu',
    'aria-expanded': 'false',
    text: '⋯',
    onclick: (event) => {
      const button = event.currentTarget;
      const list = button.closest('ol');
      // The message's row as it is now: a re-render may have replaced the one holding the button.
      const focusRow = () => list?.querySelector(`.message[data-seq="${message.seq}"]`)?.focus();
      toggleMenu(button, 'Message actions', items(store, actions, ui, channelId, message, inThread, focusRow), focusRow);
    },
  });
}

function items(store, actions, ui, channelId, message, inThread, focusRow) {
  const report = (error) => actions.report(error);
  const own = message.author === store.userId;
  const moderates = store.managesWorkspace(store.channels.get(channelId)?.workspaceId);
  const entries = [];
  if (!inThread) {
    entries.push({ name: 'reply', label: 'Reply in thread', run: () => actions.openThread(channelId, message.seq).catch(report) });
  }
  if (own) {
    entries.push({
      name: 'edit',
      label: 'Edit message',
      run: () => {
        ui.editing = { seq: message.seq, text: message.text };
        ui.focusEdit = true;
        ui.rerender();
      },
    });
  }
  entries.push({
    name: 'copy-text',
    label: 'Copy text',
    run: () => navigator.clipboard.writeText(message.text).catch(() => report(new Error('The browser did not allow copying: select the text and copy it.'))),
  });
  if (own || moderates) {
    entries.push({
      name: 'delete',
      label: 'Delete message',
      danger: true,
      run: () => {
        // The dialog gives the focus back to the row, which outlives the deletion (as "deleted").
        focusRow();
        openDialog({
          title: 'Delete this message?',
          text: own ? 'It is removed for everyone in the channel. This cannot be undone.' : 'It is removed for everyone in the channel, its author too. This cannot be undone.',
          confirmLabel: 'Delete',
          danger: true,
          run: () => actions.deleteMessage(channelId, message.seq),
          returnFocus: focusRow,
        });
      },
    });
  }
  return entries;
}
