package dunning.functions.notification;

import dunning.aws.messages.ActionMessage;
import dunning.aws.store.NoticeLog;

/** Turns a notification action and its recipient into the mail's subject, text and HTML. */
public interface NoticeRenderer {
    record RenderedMail(String subject, String text, String html) {}

    /** @throws dunning.aws.json.BadMessageException for a template the catalog does not have */
    RenderedMail render(ActionMessage.Notification action, NoticeLog.Recipient recipient);
}
