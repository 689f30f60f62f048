package dunning.domain.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiFunction;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Loads a plan or scenario file into maps, lists and scalars, reporting what stops it as a problem.
 *
 * <p>snakeyaml-engine 2.10 has no nesting limit (its {@code LoadSettings} offers none) and composes
 * recursively, so a file nested a few thousand levels deep ends in a StackOverflowError. Its parser
 * is iterative, though: the depth is measured on the event stream first, and only a file within
 * {@link #MAX_DEPTH} is composed.
 */
public final class YamlLoad {
    /** Far above any real plan or scenario (about 8 levels), far below what exhausts a thread's stack. */
    public static final int MAX_DEPTH = 64;

    private YamlLoad() {
    }

    /** What a whole file holds: its items when there is no problem at all, else none and every problem. */
    public record Items<T>(List<T> items, List<String> problems) {}

    /**
     * A file of items (plans, AR terms), all or nothing: {@code read} finds the items in the file's
     * document, reporting into its nodes' problems; a file with any problem gives none of them.
     */
    public static <T> Items<T> items(Path file, BiFunction<Object, YamlNodes, List<T>> read) {
        Problems problems = new Problems(file.toString());
        Object root = file(file, problems);
        if (root == null) {
            return new Items<>(List.of(), problems.all());
        }
        List<T> items = read.apply(root, new YamlNodes(problems));
        return problems.isEmpty() ? new Items<>(List.copyOf(items), List.of()) : new Items<>(List.of(), problems.all());
    }

    /** The file's single document; null (with a problem) when it cannot be read, is empty, too deep or not YAML. */
    public static Object file(Path file, Problems problems) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            problems.add("", "cannot read the file: " + e.getMessage());
            return null;
        }
        int before = problems.all().size();
        Object root = text(text, file.toString(), problems);
        if (root == null && problems.all().size() == before) {
            problems.add("", "the file is empty");
        }
        return root;
    }

    /** One document from text, named {@code label} in snakeyaml's messages; null when there is a problem or nothing. */
    public static Object text(String yaml, String label, Problems problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).build();
        try {
            if (!withinDepth(new Parse(settings).parseString(yaml), problems)) {
                return null;
            }
            return new Load(settings).loadFromString(yaml);
        } catch (YamlEngineException e) {
            problems.add("", "not valid YAML: " + e.getMessage().replace('\n', ' '));
            return null;
        }
    }

    /** Where the reader is in one open collection: for a mapping the current key, for a list the current index. */
    private static final class Frame {
        final boolean mapping;
        boolean atKey = true;
        String key = "?";
        int index = -1;

        Frame(boolean mapping) {
            this.mapping = mapping;
        }
    }

    /** False, with one problem at the path of the collection that opens level MAX_DEPTH + 1. */
    private static boolean withinDepth(Iterable<Event> events, Problems problems) {
        Deque<Frame> open = new ArrayDeque<>();
        for (Event e : events) {
            Event.ID id = e.getEventId();
            if (id == Event.ID.SequenceEnd || id == Event.ID.MappingEnd) {
                open.pop();
                continue;
            }
            boolean collection = id == Event.ID.SequenceStart || id == Event.ID.MappingStart;
            if (!collection && id != Event.ID.Scalar && id != Event.ID.Alias) {
                continue; // stream and document markers, comments
            }
            Frame parent = open.peek();
            if (parent != null) {
                if (!parent.mapping) {
                    parent.index++;
                } else if (parent.atKey) {
                    // a key: a scalar names the field; a collection as a key has no name a path could show
                    parent.key = e instanceof ScalarEvent s ? s.getValue() : "?";
                    parent.atKey = false;
                } else {
                    parent.atKey = true;
                }
            }
            if (collection) {
                if (open.size() == MAX_DEPTH) {
                    problems.add(path(open), "nested deeper than " + MAX_DEPTH + " levels");
                    return false;
                }
                open.push(new Frame(id == Event.ID.MappingStart));
            }
        }
        return true;
    }

    private static String path(Deque<Frame> open) {
        String path = "";
        for (Iterator<Frame> it = open.descendingIterator(); it.hasNext(); ) {
            Frame f = it.next();
            path = f.mapping ? YamlNodes.child(path, f.key) : YamlNodes.index(path, f.index);
        }
        return path;
    }
}
