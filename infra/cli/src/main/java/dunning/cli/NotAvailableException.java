package dunning.cli;

/**
 * A command or engine this build cannot run yet; the command prints why and exits with
 * {@link DunningCli#EXIT_USAGE}. Never used to pretend a result.
 */
final class NotAvailableException extends RuntimeException {
    NotAvailableException(String message) {
        super(message);
    }
}
