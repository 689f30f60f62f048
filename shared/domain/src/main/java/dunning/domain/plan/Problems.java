package dunning.domain.plan;

import java.util.ArrayList;
import java.util.List;

/** Every problem found in a file, each as "FILE: FIELD-PATH: CAUSE"; reading goes on after one. */
public final class Problems {
    private final String file;
    private final List<String> list = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public void add(String path, String cause) {
        list.add(file + ": " + (path.isEmpty() ? "(document)" : path) + ": " + cause);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<String> all() {
        return List.copyOf(list);
    }
}
