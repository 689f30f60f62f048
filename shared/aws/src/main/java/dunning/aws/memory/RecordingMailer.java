package dunning.aws.memory;

import dunning.aws.ses.Mailer;
import java.util.ArrayList;
import java.util.List;

/** In-memory Mailer: keeps each email and answers a sequential message id. */
public final class RecordingMailer implements Mailer {
    private final List<Email> sent = new ArrayList<>();

    @Override
    public synchronized String send(Email email) {
        sent.add(email);
        return "local-" + sent.size();
    }

    public synchronized List<Email> sent() {
        return List.copyOf(sent);
    }
}
