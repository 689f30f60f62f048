package dunning.local.junit;

import dunning.local.LocalCloud;
import dunning.local.cloud.LocalClients;
import dunning.local.cloud.Stack;
import dunning.local.dynamodb.LocalDynamoDb;
import dunning.local.template.SamTemplate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local cloud for a whole test class, each test taking a fresh table of it ({@link #newTable()}):
 * {@code @RegisterExtension static final ClassCloud cloud = new ClassCloud();}. Started before the
 * class's first test, closed (every engine stopped, every port freed) after its last.
 */
public final class ClassCloud implements BeforeAllCallback, AfterAllCallback {
    private final LocalCloud.Options options;
    private LocalCloud cloud;

    public ClassCloud() {
        this(LocalCloud.Options.defaults());
    }

    public ClassCloud(LocalCloud.Options options) {
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cloud = LocalCloud.start(options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        cloud.close();
    }

    public LocalCloud get() {
        if (cloud == null) {
            throw new IllegalStateException("the class's local cloud is not started: register ClassCloud as a static @RegisterExtension");
        }
        return cloud;
    }

    public LocalClients clients() {
        return get().clients();
    }

    /** A new, empty table of the template's shape. */
    public String newTable() {
        return get().newTable();
    }

    public String tableName() {
        return get().tableName();
    }

    /** The DynamoDB engine (its endpoint, its limits and throttling). */
    public LocalDynamoDb dynamoDb() {
        return get().dynamoDb();
    }

    public Stack stack() {
        return get().stack();
    }

    public SamTemplate template() {
        return get().template();
    }
}
