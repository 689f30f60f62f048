package dunning.aws.dynamodb;

import dunning.aws.store.NoticeTemplates;
import dunning.domain.notice.NoticeCatalog;
import dunning.domain.notice.UserTemplates;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The user's notice templates as the table keeps them (docs/data-model.md, "Templates"): one
 * immutable, content-addressed set per publish, one item per file (TEMPLATES / SET#&lt;sha256&gt;#&lt;lang&gt;/&lt;file&gt;,
 * each file at most 64 K characters, far inside the 400 KB item), TEMPLATES / CURRENT naming the set
 * in force and its version, and TEMPLATES / V#&lt;n&gt; the set of every version. A publish adds files to
 * the current set or replaces files of the same path, never removes one: a plan version naming a
 * template may govern an episode for months.
 *
 * <p>The notification function keeps the catalog built from the current set per warm container and
 * looks at CURRENT again after {@link DynamoPlanCatalog#FRESHNESS}: a published set is used within
 * that long, at the cost of one small GetItem a minute, and one Query of the set when it changed.
 */
@Singleton
public final class DynamoNoticeTemplates implements NoticeTemplates {
    public static final String SET_PREFIX = "SET#";
    public static final String SET = "set";
    /** The same attribute as a plan's CURRENT: {@link DynamoPlanCatalog#moveCurrent} conditions on it. */
    public static final String VERSION = DynamoPlanCatalog.VERSION;
    public static final String PATH = "path";
    public static final String TEXT = "text";

    /** The set in force: its version (0 before any publish), its content address, its files. */
    public record Published(int version, String set, UserTemplates templates) {}

    private record Cached(String set, NoticeCatalog catalog, Instant read) {}

    private final DynamoTable table;
    private final Clock clock;
    private volatile Cached cached;

    @Inject
    public DynamoNoticeTemplates(DynamoTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /** The default catalog with the published templates over it, as fresh as {@link DynamoPlanCatalog#FRESHNESS}. */
    @Override
    public NoticeCatalog catalog() {
        Cached c = cached;
        Instant now = clock.instant();
        if (c != null && !DynamoPlanCatalog.stale(c.read(), now)) {
            return c.catalog();
        }
        Optional<Map<String, AttributeValue>> current = table.get(Keys.templates(), Keys.SK_CURRENT);
        String set = current.map(i -> Attr.str(i, SET)).orElse("");
        NoticeCatalog catalog = c != null && c.set().equals(set) ? c.catalog()
                : current.isEmpty() ? NoticeCatalog.standard()
                : files(set, (int) Attr.num(current.get(), VERSION)).over(NoticeCatalog.standard());
        cached = new Cached(set, catalog, now);
        return catalog;
    }

    /** The set in force now, read from the table (no cache): what a publish adds to. */
    public Published published() {
        Optional<Map<String, AttributeValue>> current = table.get(Keys.templates(), Keys.SK_CURRENT);
        if (current.isEmpty()) {
            return new Published(0, "", UserTemplates.none());
        }
        int version = (int) Attr.num(current.get(), VERSION);
        String set = Attr.str(current.get(), SET);
        return new Published(version, set, files(set, version));
    }

    private UserTemplates files(String set, int version) {
        Map<String, String> files = new TreeMap<>();
        for (Map<String, AttributeValue> item : table.collection(Keys.templates(), SET_PREFIX + set + "#")) {
            files.put(Attr.str(item, PATH), Attr.str(item, TEXT));
        }
        return UserTemplates.of(files, Keys.templates() + " v" + version);
    }

    /**
     * Adds {@code templates} to the set in force (a file of the same path replaced) and makes the
     * result the next version; the same set again is not a new version. The files are written
     * before CURRENT names them, and CURRENT only if no other publish got there first.
     *
     * @return the version in force afterwards
     */
    public int publish(UserTemplates templates) {
        Published current = published();
        UserTemplates merged = current.templates().overlay(templates, Keys.templates());
        String set = DynamoPlanCatalog.sha256(canonical(merged));
        if (set.equals(current.set())) {
            return current.version();
        }
        for (Map.Entry<String, String> file : merged.files().entrySet()) {
            Map<String, AttributeValue> item = Attr.key(Keys.templates(), SET_PREFIX + set + "#" + file.getKey());
            item.put(SET, Attr.s(set));
            item.put(PATH, Attr.s(file.getKey()));
            item.put(TEXT, Attr.s(file.getValue()));
            table.client().putItem(b -> b.tableName(table.name()).item(item));
        }
        int next = current.version() + 1;
        Instant now = clock.instant();
        Map<String, AttributeValue> head = Attr.key(Keys.templates(), Keys.SK_CURRENT);
        head.put(VERSION, Attr.n(next));
        head.put(SET, Attr.s(set));
        head.put("files", Attr.n(merged.files().size()));
        head.put("publishedAt", Attr.s(now.toString()));
        Map<String, AttributeValue> history = Attr.key(Keys.templates(), DynamoPlanCatalog.versionSk(next));
        history.put(VERSION, Attr.n(next));
        history.put(SET, Attr.s(set));
        history.put("publishedAt", Attr.s(now.toString()));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(DynamoPlanCatalog.moveCurrent(table.name(), head, current.version()));
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(history).build()).build());
        table.transact(writes);
        cached = null;
        return next;
    }

    /** The set as one text: each path and its text, in path order (what its address is the hash of). */
    private static String canonical(UserTemplates templates) {
        StringBuilder out = new StringBuilder();
        templates.files().forEach((path, text) -> out.append(path).append('\0').append(text).append('\0'));
        return out.toString();
    }
}
