package dev.parley.node.notify;

/** Sends one email; blocking, so it runs on the notify dispatcher. */
interface Mailer {
  void send(NotificationEmail email) throws Exception;
}
