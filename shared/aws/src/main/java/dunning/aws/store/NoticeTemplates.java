package dunning.aws.store;

import dunning.domain.notice.NoticeCatalog;

/** Port of notification: the notice catalog to render with, the user's published templates over the default ones. */
public interface NoticeTemplates {
    /** The catalog in force now (a warm function may keep it for a bounded, documented time). */
    NoticeCatalog catalog();
}
