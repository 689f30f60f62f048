package dunning.domain.notice;

import java.util.Map;

/**
 * What a template name refers to, so templates can be checked when they load:
 * a value always present, a value that may be absent, a yes/no flag, a list of records,
 * or a record that may be absent.
 */
sealed interface Slot {
    /** Always present; used as {@code {{name}}}. */
    record Value() implements Slot {}

    /** May be absent; used as {@code {{#name}}…{{name}}…{{/name}}} or {@code {{^name}}…{{/name}}}. */
    record OptionalValue() implements Slot {}

    /** Yes or no; used only as a section. */
    record Flag() implements Slot {}

    /** A list; {@code {{#name}}…{{/name}}} repeats once per element, whose fields are in scope. */
    record ListOf(Map<String, Slot> fields) implements Slot {}

    /** A record that may be absent; {@code {{#name}}…{{/name}}} shows its fields when present. */
    record Record(Map<String, Slot> fields) implements Slot {}

    Slot VALUE = new Value();
    Slot OPTIONAL_VALUE = new OptionalValue();
    Slot FLAG = new Flag();

    default String describe() {
        if (this instanceof Value) return "a value";
        if (this instanceof OptionalValue) return "an optional value";
        if (this instanceof Flag) return "a flag";
        if (this instanceof ListOf) return "a list";
        return "an optional record";
    }
}
