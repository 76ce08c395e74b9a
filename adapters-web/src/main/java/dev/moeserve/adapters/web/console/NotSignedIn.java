package dev.moeserve.adapters.web.console;

/** A console page asked for without a live session: the browser is sent to the sign-in page. */
final class NotSignedIn extends RuntimeException {
    NotSignedIn() {
        super("not signed in to the console", null, false, false);
    }
}
