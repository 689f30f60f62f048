package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DynamoDB's expression languages: condition (also filter and key condition), projection and
 * update expressions. A small lexer and a recursive-descent parser produce the trees below,
 * which evaluate against an item (a JSON map of attribute name to attribute value).
 */
final class Expressions {
    private Expressions() {
    }

    // ================================================================ trees

    /** Something that yields a value from an item; null when the value is absent. */
    sealed interface Operand permits PathOperand, ValueOperand, SizeOperand, IfNotExists, ListAppend, Arithmetic {
        JsonNode eval(JsonNode item);
    }

    record PathOperand(Path path) implements Operand {
        public JsonNode eval(JsonNode item) {
            return path.get(item);
        }
    }

    record ValueOperand(String placeholder, ObjectNode value) implements Operand {
        public JsonNode eval(JsonNode item) {
            return value;
        }
    }

    record SizeOperand(Path path) implements Operand {
        public JsonNode eval(JsonNode item) {
            JsonNode v = path.get(item);
            if (v == null) {
                return null;
            }
            JsonNode p = AttributeValues.payload(v);
            long size = switch (AttributeValues.type(v)) {
                case "S" -> p.asText().codePointCount(0, p.asText().length());
                case "B" -> AttributeValues.bytes(v).length;
                case "SS", "NS", "BS", "L", "M" -> p.size();
                default -> -1;
            };
            return size < 0 ? null : AttributeValues.number(BigDecimal.valueOf(size));
        }
    }

    record IfNotExists(Path path, Operand fallback) implements Operand {
        public JsonNode eval(JsonNode item) {
            JsonNode v = path.get(item);
            return v != null ? v : required(fallback.eval(item), fallback);
        }
    }

    record ListAppend(Operand first, Operand second) implements Operand {
        public JsonNode eval(JsonNode item) {
            JsonNode a = required(first.eval(item), first);
            JsonNode b = required(second.eval(item), second);
            if (!AttributeValues.type(a).equals("L") || !AttributeValues.type(b).equals("L")) {
                throw DynamoDbError.validation("An operand in the update expression has an incorrect data type");
            }
            ArrayNode out = AttributeValues.JSON.arrayNode();
            AttributeValues.payload(a).forEach(e -> out.add(e.deepCopy()));
            AttributeValues.payload(b).forEach(e -> out.add(e.deepCopy()));
            return AttributeValues.of("L", out);
        }
    }

    record Arithmetic(char op, Operand left, Operand right) implements Operand {
        public JsonNode eval(JsonNode item) {
            JsonNode a = required(left.eval(item), left);
            JsonNode b = required(right.eval(item), right);
            if (!AttributeValues.type(a).equals("N") || !AttributeValues.type(b).equals("N")) {
                throw DynamoDbError.validation("An operand in the update expression has an incorrect data type");
            }
            BigDecimal x = AttributeValues.decimal(a);
            BigDecimal y = AttributeValues.decimal(b);
            BigDecimal r = op == '+' ? x.add(y) : x.subtract(y);
            AttributeValues.checkNumber(r);
            return AttributeValues.number(r);
        }
    }

    private static JsonNode required(JsonNode v, Operand source) {
        if (v == null) {
            throw DynamoDbError.validation("The provided expression refers to an attribute that does not exist in the item");
        }
        return v;
    }

    sealed interface Condition permits Comparison, Between, In, And, Or, Not, FunctionCall {
        boolean test(JsonNode item);
    }

    record Comparison(String op, Operand left, Operand right) implements Condition {
        public boolean test(JsonNode item) {
            JsonNode a = left.eval(item);
            JsonNode b = right.eval(item);
            if (op.equals("=")) {
                return a != null && b != null && AttributeValues.equal(a, b);
            }
            if (op.equals("<>")) {
                return a == null || b == null || !AttributeValues.equal(a, b);
            }
            if (!ordered(a, b)) {
                return false;
            }
            int c = AttributeValues.compare(a, b);
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalStateException(op);
            };
        }
    }

    static boolean ordered(JsonNode a, JsonNode b) {
        return a != null && b != null && AttributeValues.type(a).equals(AttributeValues.type(b))
                && AttributeValues.isScalarKeyType(AttributeValues.type(a));
    }

    record Between(Operand value, Operand low, Operand high) implements Condition {
        public boolean test(JsonNode item) {
            JsonNode v = value.eval(item);
            JsonNode lo = low.eval(item);
            JsonNode hi = high.eval(item);
            return ordered(v, lo) && ordered(v, hi)
                    && AttributeValues.compare(v, lo) >= 0 && AttributeValues.compare(v, hi) <= 0;
        }
    }

    record In(Operand value, List<Operand> options) implements Condition {
        public boolean test(JsonNode item) {
            JsonNode v = value.eval(item);
            if (v == null) {
                return false;
            }
            for (Operand o : options) {
                JsonNode x = o.eval(item);
                if (x != null && AttributeValues.equal(v, x)) {
                    return true;
                }
            }
            return false;
        }
    }

    record And(Condition left, Condition right) implements Condition {
        public boolean test(JsonNode item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        public boolean test(JsonNode item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(Condition inner) implements Condition {
        public boolean test(JsonNode item) {
            return !inner.test(item);
        }
    }

    record FunctionCall(String name, List<Operand> args) implements Condition {
        public boolean test(JsonNode item) {
            switch (name) {
                case "attribute_exists":
                    return args.get(0).eval(item) != null;
                case "attribute_not_exists":
                    return args.get(0).eval(item) == null;
                case "attribute_type": {
                    JsonNode v = args.get(0).eval(item);
                    JsonNode t = args.get(1).eval(item);
                    return v != null && t != null && AttributeValues.type(t).equals("S")
                            && AttributeValues.type(v).equals(AttributeValues.payload(t).asText());
                }
                case "begins_with": {
                    JsonNode v = args.get(0).eval(item);
                    JsonNode prefix = args.get(1).eval(item);
                    if (v == null || prefix == null || !AttributeValues.type(v).equals(AttributeValues.type(prefix))) {
                        return false;
                    }
                    if (AttributeValues.type(v).equals("S")) {
                        return AttributeValues.payload(v).asText().startsWith(AttributeValues.payload(prefix).asText());
                    }
                    if (AttributeValues.type(v).equals("B")) {
                        byte[] a = AttributeValues.bytes(v);
                        byte[] p = AttributeValues.bytes(prefix);
                        return a.length >= p.length && java.util.Arrays.equals(a, 0, p.length, p, 0, p.length);
                    }
                    return false;
                }
                case "contains": {
                    JsonNode v = args.get(0).eval(item);
                    JsonNode x = args.get(1).eval(item);
                    if (v == null || x == null) {
                        return false;
                    }
                    String vt = AttributeValues.type(v);
                    String xt = AttributeValues.type(x);
                    JsonNode p = AttributeValues.payload(v);
                    switch (vt) {
                        case "S":
                            return xt.equals("S") && p.asText().contains(AttributeValues.payload(x).asText());
                        case "SS":
                        case "NS":
                        case "BS":
                            if (!vt.equals(xt + "S")) {
                                return false;
                            }
                            String member = xt.equals("N")
                                    ? AttributeValues.canonical(AttributeValues.decimal(x))
                                    : AttributeValues.payload(x).asText();
                            return AttributeValues.setOf(v).contains(member);
                        case "L":
                            for (JsonNode e : p) {
                                if (AttributeValues.equal(e, x)) {
                                    return true;
                                }
                            }
                            return false;
                        default:
                            return false;
                    }
                }
                default:
                    throw new IllegalStateException(name);
            }
        }
    }

    sealed interface UpdateAction permits SetAction, RemoveAction, AddAction, DeleteAction {
        Path path();
    }

    record SetAction(Path path, Operand value) implements UpdateAction {
    }

    record RemoveAction(Path path) implements UpdateAction {
    }

    record AddAction(Path path, ObjectNode value) implements UpdateAction {
    }

    record DeleteAction(Path path, ObjectNode value) implements UpdateAction {
    }

    record Update(List<UpdateAction> actions) {
        List<Path> paths() {
            List<Path> out = new ArrayList<>();
            actions.forEach(a -> out.add(a.path()));
            return out;
        }

        /** Applies the update to a copy of the item; every operand is read from the old item. */
        ObjectNode apply(ObjectNode old) {
            ObjectNode item = old.deepCopy();
            List<JsonNode> computed = new ArrayList<>();
            for (UpdateAction a : actions) {
                computed.add(compute(a, old));
            }
            // list elements are removed from the highest index down, so indexes keep meaning the old item
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < actions.size(); i++) {
                order.add(i);
            }
            order.sort((x, y) -> {
                UpdateAction a = actions.get(x);
                UpdateAction b = actions.get(y);
                if (a instanceof RemoveAction && b instanceof RemoveAction) {
                    return comparePathsDescending(a.path(), b.path());
                }
                return Integer.compare(x, y);
            });
            for (int i : order) {
                UpdateAction a = actions.get(i);
                JsonNode v = computed.get(i);
                if (a instanceof RemoveAction || v == null) {
                    a.path().remove(item);
                } else {
                    a.path().set(item, v);
                }
            }
            return item;
        }

        private static JsonNode compute(UpdateAction action, JsonNode old) {
            if (action instanceof SetAction s) {
                return required(s.value().eval(old), s.value());
            }
            if (action instanceof RemoveAction) {
                return null;
            }
            JsonNode existing = action.path().get(old);
            if (action instanceof AddAction add) {
                String type = AttributeValues.type(add.value());
                if (type.equals("N")) {
                    if (existing == null) {
                        return add.value();
                    }
                    if (!AttributeValues.type(existing).equals("N")) {
                        throw DynamoDbError.validation("An operand in the update expression has an incorrect data type");
                    }
                    BigDecimal r = AttributeValues.decimal(existing).add(AttributeValues.decimal(add.value()));
                    AttributeValues.checkNumber(r);
                    return AttributeValues.number(r);
                }
                if (type.equals("SS") || type.equals("NS") || type.equals("BS")) {
                    if (existing == null) {
                        return add.value();
                    }
                    if (!AttributeValues.type(existing).equals(type)) {
                        throw DynamoDbError.validation("An operand in the update expression has an incorrect data type");
                    }
                    Set<String> union = new LinkedHashSet<>(AttributeValues.setOf(existing));
                    union.addAll(AttributeValues.setOf(add.value()));
                    return AttributeValues.setValue(type, union);
                }
                throw DynamoDbError.validation("Invalid UpdateExpression: Incorrect operand type for operator or "
                        + "function; operator: ADD, operand type: " + type);
            }
            DeleteAction del = (DeleteAction) action;
            String type = AttributeValues.type(del.value());
            if (!(type.equals("SS") || type.equals("NS") || type.equals("BS"))) {
                throw DynamoDbError.validation("Invalid UpdateExpression: Incorrect operand type for operator or "
                        + "function; operator: DELETE, operand type: " + type);
            }
            if (existing == null) {
                return null;
            }
            if (!AttributeValues.type(existing).equals(type)) {
                throw DynamoDbError.validation("An operand in the update expression has an incorrect data type");
            }
            Set<String> rest = new LinkedHashSet<>(AttributeValues.setOf(existing));
            rest.removeAll(AttributeValues.setOf(del.value()));
            return rest.isEmpty() ? null : AttributeValues.setValue(type, rest);
        }

        private static int comparePathsDescending(Path a, Path b) {
            if (a.elements().size() == b.elements().size()
                    && a.elements().get(a.elements().size() - 1) instanceof Integer x
                    && b.elements().get(b.elements().size() - 1) instanceof Integer y
                    && a.parent().equals(b.parent())) {
                return Integer.compare(y, x);
            }
            return 0;
        }
    }

    // ================================================================ lexer

    private enum T { NAME, PNAME, PVALUE, NUMBER, LPAREN, RPAREN, LBRACK, RBRACK, COMMA, DOT, EQ, NE, LT, LE, GT, GE, PLUS, MINUS, EOF }

    private record Token(T type, String text, int pos) {
        boolean isKeyword(String keyword) {
            return type == T.NAME && text.equalsIgnoreCase(keyword);
        }
    }

    private static List<Token> lex(String s, String label) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '#' || c == ':') {
                i++;
                while (i < s.length() && isWordChar(s.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw syntax(label, String.valueOf(c));
                }
                out.add(new Token(c == '#' ? T.PNAME : T.PVALUE, s.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < s.length() && isWordChar(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(T.NAME, s.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(T.NUMBER, s.substring(start, i), start));
            } else {
                T type;
                int len = 1;
                switch (c) {
                    case '(' -> type = T.LPAREN;
                    case ')' -> type = T.RPAREN;
                    case '[' -> type = T.LBRACK;
                    case ']' -> type = T.RBRACK;
                    case ',' -> type = T.COMMA;
                    case '.' -> type = T.DOT;
                    case '=' -> type = T.EQ;
                    case '+' -> type = T.PLUS;
                    case '-' -> type = T.MINUS;
                    case '<' -> {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '=') {
                            type = T.LE;
                            len = 2;
                        } else if (i + 1 < s.length() && s.charAt(i + 1) == '>') {
                            type = T.NE;
                            len = 2;
                        } else {
                            type = T.LT;
                        }
                    }
                    case '>' -> {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '=') {
                            type = T.GE;
                            len = 2;
                        } else {
                            type = T.GT;
                        }
                    }
                    default -> throw DynamoDbError.validation("Invalid " + label + ": Syntax error; token: \""
                            + c + "\", near: \"" + s.substring(Math.max(0, i - 5), Math.min(s.length(), i + 5)) + "\"");
                }
                i += len;
                out.add(new Token(type, s.substring(start, i), start));
            }
        }
        out.add(new Token(T.EOF, "<EOF>", s.length()));
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static DynamoDbError syntax(String label, String token) {
        return DynamoDbError.validation("Invalid " + label + ": Syntax error; token: \"" + token + "\"");
    }

    // ================================================================ parser

    static Condition parseCondition(String text, String label, ExpressionContext ctx) {
        Parser p = new Parser(text, label, ctx);
        Condition c = p.condition();
        p.expect(T.EOF);
        return c;
    }

    static List<Path> parseProjection(String text, ExpressionContext ctx) {
        Parser p = new Parser(text, "ProjectionExpression", ctx);
        List<Path> paths = new ArrayList<>();
        paths.add(p.path());
        while (p.accept(T.COMMA)) {
            paths.add(p.path());
        }
        p.expect(T.EOF);
        noOverlap(paths, "ProjectionExpression");
        return paths;
    }

    static Update parseUpdate(String text, ExpressionContext ctx) {
        Parser p = new Parser(text, "UpdateExpression", ctx);
        Update u = p.update();
        p.expect(T.EOF);
        noOverlap(u.paths(), "UpdateExpression");
        return u;
    }

    /** DynamoDB refuses an expression two of whose paths overlap, in these words. */
    private static void noOverlap(List<Path> paths, String expression) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (paths.get(i).overlaps(paths.get(j))) {
                    throw DynamoDbError.validation("Invalid " + expression + ": Two document paths overlap with each "
                            + "other; must remove or rewrite one of these paths; path one: " + paths.get(i)
                            + ", path two: " + paths.get(j));
                }
            }
        }
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final String label;
        private final ExpressionContext ctx;
        private int pos;

        Parser(String text, String label, ExpressionContext ctx) {
            if (text.isBlank()) {
                throw DynamoDbError.validation("Invalid " + label + ": The expression can not be empty;");
            }
            this.tokens = lex(text, label);
            this.label = label;
            this.ctx = ctx;
        }

        Token peek() {
            return tokens.get(pos);
        }

        Token peek(int ahead) {
            return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
        }

        Token next() {
            return tokens.get(pos++);
        }

        boolean accept(T type) {
            if (peek().type() == type) {
                pos++;
                return true;
            }
            return false;
        }

        boolean acceptKeyword(String keyword) {
            if (peek().isKeyword(keyword)) {
                pos++;
                return true;
            }
            return false;
        }

        Token expect(T type) {
            Token t = next();
            if (t.type() != type) {
                throw syntax(label, t.text());
            }
            return t;
        }

        // condition := and (OR and)*
        Condition condition() {
            Condition c = and();
            while (acceptKeyword("OR")) {
                c = new Or(c, and());
            }
            return c;
        }

        Condition and() {
            Condition c = not();
            while (acceptKeyword("AND")) {
                c = new And(c, not());
            }
            return c;
        }

        Condition not() {
            if (acceptKeyword("NOT")) {
                return new Not(not());
            }
            return primary();
        }

        Condition primary() {
            if (accept(T.LPAREN)) {
                Condition c = condition();
                expect(T.RPAREN);
                return c;
            }
            Token t = peek();
            if (t.type() == T.NAME && peek(1).type() == T.LPAREN && !t.text().equalsIgnoreCase("size")) {
                return function();
            }
            Operand left = operand();
            Token op = next();
            switch (op.type()) {
                case EQ, NE, LT, LE, GT, GE:
                    return new Comparison(op.text(), left, operand());
                default:
                    break;
            }
            if (op.isKeyword("BETWEEN")) {
                Operand low = operand();
                if (!acceptKeyword("AND")) {
                    throw syntax(label, peek().text());
                }
                return new Between(left, low, operand());
            }
            if (op.isKeyword("IN")) {
                expect(T.LPAREN);
                List<Operand> options = new ArrayList<>();
                options.add(operand());
                while (accept(T.COMMA)) {
                    options.add(operand());
                }
                expect(T.RPAREN);
                if (options.size() > 100) {
                    throw DynamoDbError.validation("Invalid " + label + ": The IN operator accepts at most 100 operands");
                }
                return new In(left, options);
            }
            throw syntax(label, op.text());
        }

        Condition function() {
            String name = next().text().toLowerCase(Locale.ROOT);
            expect(T.LPAREN);
            List<Operand> args = new ArrayList<>();
            if (peek().type() != T.RPAREN) {
                args.add(operand());
                while (accept(T.COMMA)) {
                    args.add(operand());
                }
            }
            expect(T.RPAREN);
            int arity = switch (name) {
                case "attribute_exists", "attribute_not_exists" -> 1;
                case "attribute_type", "begins_with", "contains" -> 2;
                default -> throw DynamoDbError.validation("Invalid " + label + ": Invalid function name; function: " + name);
            };
            if (args.size() != arity) {
                throw DynamoDbError.validation("Invalid " + label + ": Incorrect number of operands for operator or "
                        + "function; operator or function: " + name + ", number of operands: " + args.size());
            }
            if (!(args.get(0) instanceof PathOperand)) {
                throw DynamoDbError.validation("Invalid " + label + ": Operator or function requires a document path; "
                        + "operator or function: " + name);
            }
            return new FunctionCall(name, args);
        }

        Operand operand() {
            Token t = peek();
            if (t.type() == T.PVALUE) {
                pos++;
                return new ValueOperand(t.text(), ctx.value(t.text(), label));
            }
            if (t.type() == T.NAME && t.text().equalsIgnoreCase("size") && peek(1).type() == T.LPAREN) {
                pos += 2;
                Path p = path();
                expect(T.RPAREN);
                return new SizeOperand(p);
            }
            return new PathOperand(path());
        }

        Path path() {
            List<Object> elements = new ArrayList<>();
            elements.add(name());
            while (true) {
                if (accept(T.DOT)) {
                    elements.add(name());
                } else if (accept(T.LBRACK)) {
                    Token n = expect(T.NUMBER);
                    elements.add(Integer.parseInt(n.text()));
                    expect(T.RBRACK);
                } else {
                    return new Path(List.copyOf(elements));
                }
            }
        }

        String name() {
            Token t = next();
            if (t.type() == T.PNAME) {
                return ctx.name(t.text(), label);
            }
            if (t.type() == T.NAME) {
                if (ReservedWords.isReserved(t.text())) {
                    throw DynamoDbError.validation("Invalid " + label + ": Attribute name is a reserved keyword; "
                            + "reserved keyword: " + t.text());
                }
                return t.text();
            }
            throw syntax(label, t.text());
        }

        Update update() {
            List<UpdateAction> actions = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            do {
                Token clause = next();
                String keyword = clause.type() == T.NAME ? clause.text().toUpperCase(Locale.ROOT) : "";
                if (!Set.of("SET", "REMOVE", "ADD", "DELETE").contains(keyword)) {
                    throw syntax(label, clause.text());
                }
                if (!seen.add(keyword)) {
                    throw DynamoDbError.validation("Invalid UpdateExpression: The \"" + keyword
                            + "\" section can only be used once in an update expression;");
                }
                do {
                    actions.add(action(keyword));
                } while (accept(T.COMMA));
            } while (peek().type() != T.EOF);
            return new Update(actions);
        }

        UpdateAction action(String keyword) {
            Path path = path();
            switch (keyword) {
                case "SET": {
                    expect(T.EQ);
                    return new SetAction(path, setValue());
                }
                case "REMOVE":
                    return new RemoveAction(path);
                case "ADD":
                    return new AddAction(path, value());
                default:
                    return new DeleteAction(path, value());
            }
        }

        ObjectNode value() {
            Token t = expect(T.PVALUE);
            return ctx.value(t.text(), label);
        }

        Operand setValue() {
            Operand left = setOperand();
            if (accept(T.PLUS)) {
                return new Arithmetic('+', left, setOperand());
            }
            if (accept(T.MINUS)) {
                return new Arithmetic('-', left, setOperand());
            }
            return left;
        }

        Operand setOperand() {
            Token t = peek();
            if (t.type() == T.NAME && peek(1).type() == T.LPAREN) {
                String fn = t.text().toLowerCase(Locale.ROOT);
                pos += 2;
                if (fn.equals("if_not_exists")) {
                    Path p = path();
                    expect(T.COMMA);
                    Operand fallback = setOperand();
                    expect(T.RPAREN);
                    return new IfNotExists(p, fallback);
                }
                if (fn.equals("list_append")) {
                    Operand a = setOperand();
                    expect(T.COMMA);
                    Operand b = setOperand();
                    expect(T.RPAREN);
                    return new ListAppend(a, b);
                }
                throw DynamoDbError.validation("Invalid UpdateExpression: Invalid function name; function: " + t.text());
            }
            if (t.type() == T.PVALUE) {
                pos++;
                return new ValueOperand(t.text(), ctx.value(t.text(), label));
            }
            return new PathOperand(path());
        }
    }
}
